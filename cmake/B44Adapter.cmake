# b44_add_adapter(<name> [SPEC <file.json>] [SOURCES <files...>] [OUTPUT_DIRECTORY <dir>])
#
# Builds an adapter as a shared library named b44_adapter_<name>.so with hidden
# visibility (only the manifest and the factory are exported), linked against
# the plugin SDK. Used in this tree and, after find_package(b44), by
# third-party adapters.
#
# With SPEC, the adapter is its declaration (docs/adapter-declarations.md):
# b44-declare checks it at build time (a problem fails the build naming the
# file and the JSON pointer) and generates the library's source; SOURCES then
# holds only the hooks the declaration refers to (B44_ADAPTER_HOOKS).
function(b44_add_adapter name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIRECTORY;SPEC" "SOURCES" ${ARGN})
  set(target b44_adapter_${name})
  set(sources ${ARG_SOURCES})
  if(ARG_SPEC)
    if(TARGET b44_plugin)
      set(declare_tool b44_declare)
    else()
      set(declare_tool b44::declare)
    endif()
    get_filename_component(spec ${ARG_SPEC} ABSOLUTE)
    set(generated ${CMAKE_CURRENT_BINARY_DIR}/${target}_declaration.cpp)
    set(hooks_flag)
    if(ARG_SOURCES)
      set(hooks_flag --hooks)
    endif()
    add_custom_command(OUTPUT ${generated}
      COMMAND ${declare_tool} embed ${spec} ${generated} ${hooks_flag} --depfile ${generated}.d
      DEPENDS ${spec} ${declare_tool}
      DEPFILE ${generated}.d
      COMMENT "Checking and embedding the ${name} declaration"
      VERBATIM)
    list(APPEND sources ${generated})
  endif()
  add_library(${target} MODULE ${sources})
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIRECTORY})
  elseif(DEFINED B44_ADAPTER_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${B44_ADAPTER_OUTPUT_DIR})
  endif()
  if(TARGET b44_plugin)
    target_link_libraries(${target} PRIVATE b44_plugin b44_warnings)
  else()
    target_link_libraries(${target} PRIVATE b44::plugin)
  endif()
  # Adapters export nothing but their manifest and factory, and must not
  # leave symbols unresolved until first call. (Sanitizer runtimes are linked
  # into the executable, so a sanitized adapter has undefined __asan_* etc.)
  target_link_options(${target} PRIVATE -Wl,-z,now)
  if(NOT B44_SANITIZE AND NOT B44_FUZZ)
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()

# b44_add_typed_helpers(<type> <include dir>)
#
# The header-only typed helpers of an adapter as b44::<type> (target
# b44_<type>_helpers), installed with the package. Hosts link this, never the
# adapter library itself.
function(b44_add_typed_helpers type include_dir)
  set(target b44_${type}_helpers)
  add_library(${target} INTERFACE)
  add_library(b44::${type} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${type})
  target_include_directories(${target} INTERFACE
    $<BUILD_INTERFACE:${include_dir}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(TARGET b44_plugin)
    target_link_libraries(${target} INTERFACE b44_plugin)
    install(TARGETS ${target} EXPORT b44Targets)
  else()
    target_link_libraries(${target} INTERFACE b44::plugin)
  endif()
  install(DIRECTORY ${include_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endfunction()

# b44_add_bundled_adapter(<type> [SPEC <file.json>] [SOURCES <files...>] [HELPERS])
#
# An adapter of this tree: the library (installed to lib/b44/adapters) and,
# with HELPERS, its typed-helper header from ./include.
function(b44_add_bundled_adapter type)
  cmake_parse_arguments(ARG "HELPERS" "SPEC" "SOURCES;LIBS" ${ARGN})
  set(spec_args)
  if(ARG_SPEC)
    set(spec_args SPEC ${ARG_SPEC})
  endif()
  b44_add_adapter(${type} ${spec_args} SOURCES ${ARG_SOURCES})
  if(ARG_LIBS)
    target_link_libraries(b44_adapter_${type} PRIVATE ${ARG_LIBS})
  endif()
  install(TARGETS b44_adapter_${type} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/b44/adapters)
  set_property(GLOBAL APPEND PROPERTY B44_BUNDLED_ADAPTERS b44_adapter_${type})
  if(ARG_HELPERS)
    b44_add_typed_helpers(${type} ${CMAKE_CURRENT_SOURCE_DIR}/include)
  endif()
endfunction()
