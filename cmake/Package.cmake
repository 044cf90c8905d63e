# The Debian package: `cpack -G DEB` in a build folder makes
# weir_<version>_<arch>.deb (README, Install). Included last by the top
# CMakeLists.txt, so that every install() rule is known: each component goes
# in (the binary, the man pages, the config's JSON Schema, completions, ...),
# installed under /usr, except `python-local`, the Python package for a
# `cmake --install` under /usr/local. The package has the same package in
# Debian's own folder, /usr/lib/python3/dist-packages, which Debian's python3
# reads whatever its minor version.
#
# Depends comes from dpkg-shlibdeps (dpkg-dev) over the binaries. A package
# for other machines is built with -DWEIR_MARCH=x86-64-v2 (any x86-64 CPU
# since 2009): -march=native would tie it to CPUs like the builder's.

if(TARGET _weir)
  install(TARGETS _weir LIBRARY DESTINATION lib/python3/dist-packages/weir COMPONENT python-debian EXCLUDE_FROM_ALL)
  install(FILES hooks/python/weir/__init__.py hooks/python/weir/dask.py
          DESTINATION lib/python3/dist-packages/weir COMPONENT python-debian EXCLUDE_FROM_ALL)
endif()

get_cmake_property(weir_components COMPONENTS)
list(REMOVE_ITEM weir_components python-local)
set(CPACK_COMPONENTS_ALL ${weir_components})
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)

set(CPACK_PACKAGE_NAME weir)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR weir)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "fast command-line toolchain for CSV, TSV, JSON Lines, logfmt and log lines")
set(CPACK_PACKAGE_DESCRIPTION
    "weir filters, transforms, aggregates and checks records in files and streams, with verbs chained by \
'then', optional Python hooks named in a JSON config, and `weir check`, a data linter for CI with SARIF, \
JUnit and GitHub reports. Built with -march=${WEIR_MARCH}.")
set(CPACK_PACKAGE_CONTACT "weir maintainers <weir@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
if(TARGET _weir)
  # the hooks and `import weir` run on Debian's python3; numpy makes batch hooks' columns arrays
  # _weir is built for this minor version of Python 3
  math(EXPR weir_next_minor "${Python_VERSION_MINOR} + 1")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "python3 (>= ${Python_VERSION_MAJOR}.${Python_VERSION_MINOR}), python3 (<< ${Python_VERSION_MAJOR}.${weir_next_minor})")
  set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "python3-numpy")
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS "python3-dask, python3-distributed, python3-pandas")
endif()

# weir opens libtbb.so.12 itself, for -j (cli/tbb_on_demand.cpp), and libisal.so.2 for gzip
# input (cli/isal_on_demand.cpp): dpkg-shlibdeps cannot see them in the binary (it does in
# the Python module, which links them: then they are not named twice)
if(NOT TARGET _weir)
  string(JOIN ", " CPACK_DEBIAN_PACKAGE_DEPENDS ${CPACK_DEBIAN_PACKAGE_DEPENDS} libtbb12 libisal2)
endif()

if(WEIR_MARCH STREQUAL "native")
  message(STATUS "weir: built with -march=native; a .deb from this build runs only on CPUs like this one "
                 "(-DWEIR_MARCH=x86-64-v2 for a package for others)")
endif()

include(CPack)

# ctest -L package: cpack in this build folder (nothing is rebuilt), the
# files the .deb holds, its Depends, and the weir it holds run from a
# temporary root (~3 s of CPU: stripping, dpkg-shlibdeps, compressing; not
# in the sanitizer build, whose binaries are no package's).
if(WEIR_TESTS AND NOT WEIR_SANITIZE)
  add_test(NAME package/deb COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/tests/package/test_deb.sh ${CMAKE_BINARY_DIR})
  set_tests_properties(package/deb PROPERTIES LABELS package)
endif()
