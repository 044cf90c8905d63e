// The Catch2 runner: one main for all unit test files.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
