# The API reference: target `docs` (Doxygen from the public headers, warnings
# as errors), installed with the dev package when it was built.
find_package(Doxygen QUIET)
set(B44_DOCS_OUTPUT_DIR ${CMAKE_BINARY_DIR}/docs/api)
if(DOXYGEN_FOUND)
  set(B44_DOCS_INPUT
    "${PROJECT_SOURCE_DIR}/docs/api/mainpage.md ${PROJECT_SOURCE_DIR}/core/include ${CMAKE_BINARY_DIR}/core/include ${PROJECT_SOURCE_DIR}/plugins/include ${PROJECT_SOURCE_DIR}/registry/include ${PROJECT_SOURCE_DIR}/tools/emulator/include")
  set(B44_DOCS_STRIP
    "${PROJECT_SOURCE_DIR}/core/include ${CMAKE_BINARY_DIR}/core/include ${PROJECT_SOURCE_DIR}/plugins/include ${PROJECT_SOURCE_DIR}/registry/include ${PROJECT_SOURCE_DIR}/tools/emulator/include")
  configure_file(${PROJECT_SOURCE_DIR}/docs/api/Doxyfile.in ${B44_DOCS_OUTPUT_DIR}/Doxyfile @ONLY)
  add_custom_target(docs
    COMMAND ${CMAKE_COMMAND} -E rm -rf ${B44_DOCS_OUTPUT_DIR}/html
    COMMAND Doxygen::doxygen ${B44_DOCS_OUTPUT_DIR}/Doxyfile
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "API reference (warnings are errors: ${B44_DOCS_OUTPUT_DIR}/warnings.log)"
    VERBATIM)
else()
  add_custom_target(docs
    COMMAND ${CMAKE_COMMAND} -E echo "docs: doxygen is not installed (apt-get install doxygen)"
    COMMAND ${CMAKE_COMMAND} -E false
    VERBATIM)
endif()
install(DIRECTORY ${B44_DOCS_OUTPUT_DIR}/html/ DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/b44/api
  COMPONENT dev OPTIONAL)
