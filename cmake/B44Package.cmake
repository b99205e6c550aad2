# What the framework installs besides its targets, and how it is packaged.
#
# Install components (every install() in the tree names one):
#   runtime  the shared libraries and the bundled adapters   -> libb44
#   dev      headers, generated typed headers, b44-declare,
#            CMake package, pkg-config file, examples         -> libb44-dev
#   tools    b44-connectors, b44-emulator, b44-plugin-host,
#            sandbox routes, man pages, shell completions     -> b44-tools
# `cpack -G DEB` in the build tree makes the three Debian packages
# (scripts/package.sh builds, checks and installs them).

# The CMake package: find_package(b44).
include(CMakePackageConfigHelpers)
set(B44_CMAKE_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/b44)
install(EXPORT b44Targets NAMESPACE b44:: DESTINATION ${B44_CMAKE_PACKAGE_DIR} COMPONENT dev)
configure_package_config_file(cmake/b44Config.cmake.in ${CMAKE_BINARY_DIR}/b44Config.cmake
  INSTALL_DESTINATION ${B44_CMAKE_PACKAGE_DIR})
# 0.x: a minor bump may break, so find_package(b44 0.2) accepts 0.2.y only.
# (Revisit at 1.0: SameMajorVersion.)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/b44ConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/b44Config.cmake ${CMAKE_BINARY_DIR}/b44ConfigVersion.cmake
  cmake/B44Adapter.cmake DESTINATION ${B44_CMAKE_PACKAGE_DIR} COMPONENT dev)

# The pkg-config file. Its prefix is found from the file's own place
# (${pcfiledir}), so the same file is right under /usr (the Debian packages)
# and under any `cmake --install --prefix`.
set(B44_PKGCONFIG_DIR ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH B44_PREFIX_FROM_PKGCONFIG_DIR /prefix/${B44_PKGCONFIG_DIR} /prefix)
string(REGEX REPLACE "/$" "" B44_PREFIX_FROM_PKGCONFIG_DIR "${B44_PREFIX_FROM_PKGCONFIG_DIR}")
configure_file(cmake/b44.pc.in ${CMAKE_BINARY_DIR}/b44.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/b44.pc DESTINATION ${B44_PKGCONFIG_DIR} COMPONENT dev)

# The examples' sources, for readers of the dev package.
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/b44/examples COMPONENT dev
  PATTERN "CMakeLists.txt.user" EXCLUDE)
install(FILES README.md CHANGELOG.md DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/b44 COMPONENT dev)

# The Debian packages.
set(CPACK_PACKAGE_NAME b44-connectors)
set(CPACK_PACKAGE_VENDOR "b44 connectors")
set(CPACK_PACKAGE_CONTACT "b44 connectors maintainers <maintainers@b44-connectors.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Base44 connectors for C++")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime dev tools)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Dependencies on other Debian packages come from the binaries (dpkg-shlibdeps);
# those on our own packages from the component dependencies below, pinned to
# this exact version.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${CMAKE_BINARY_DIR}/${CMAKE_INSTALL_LIBDIR})
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME libb44)
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "Base44 connectors for C++ - shared libraries and adapters
 The client of the Base44 connectors API, the plugin SDK, the adapter
 registry, the emulator library and the bundled adapters (one shared library
 per service type, loaded at run time).")

set(CPACK_DEBIAN_DEV_PACKAGE_NAME libb44-dev)
set(CPACK_DEBIAN_DEV_PACKAGE_SECTION libdevel)
set(CPACK_COMPONENT_DEV_DEPENDS runtime)
# What the public headers include; b44-declare's own libraries come from shlibdeps.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS "nlohmann-json3-dev (>= 3.10), libboost-dev (>= 1.74)")
set(CPACK_COMPONENT_DEV_DESCRIPTION "Base44 connectors for C++ - development files
 Headers, the typed helpers of every bundled adapter, b44-declare, the CMake
 package (find_package(b44)) with b44_add_adapter(), the pkg-config file b44
 and the examples.")

set(CPACK_DEBIAN_TOOLS_PACKAGE_NAME b44-tools)
set(CPACK_DEBIAN_TOOLS_PACKAGE_SECTION utils)
set(CPACK_COMPONENT_TOOLS_DEPENDS runtime)
set(CPACK_COMPONENT_TOOLS_DESCRIPTION "Base44 connectors for C++ - command-line tools
 b44-connectors (connections, actions and raw requests from the shell),
 b44-emulator (Base44 and the services, offline, with sandbox routes) and
 b44-plugin-host, with man pages and bash and zsh completion.")
include(CPack)
