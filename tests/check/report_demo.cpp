// report_demo FORMAT: writes the fixture run (report_fixture.hpp) as a
// `weir check --report FORMAT` report to standard output, for the schema
// tests in test_report_schema.py.

#include <cstdio>
#include <exception>

#include "tests/check/report_fixture.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: report_demo FORMAT\n");
    return 2;
  }
  try {
    auto sink = weir::stdout_sink();
    weir::check::test::write_fixture_report(argv[1], *sink, weir::check::test::fixture_options());
    sink->commit();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "report_demo: %s\n", e.what());
    return 2;
  }
  return 0;
}
