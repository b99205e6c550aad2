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
# holds only the hooks the declaration refers to (B44_ADAPTER_HOOKS). It also
# generates the typed-helper header b44/adapters/<name>.hpp, for hosts that
# link the header-only target b44_<name>_helpers (generated when one does).
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
    b44_generate_typed_helpers(${name} ${spec} ${declare_tool})
    set(b44_${name}_include_dir ${b44_${name}_include_dir} PARENT_SCOPE)
  endif()
  add_library(${target} MODULE ${sources})
  # Installed in the adapter directory (lib/b44/adapters), the adapter finds
  # libb44plugin two folders up on its own, also in a host that did not load
  # it first.
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    INSTALL_RPATH "$ORIGIN/../..")
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

# b44_generate_typed_helpers(<name> <declaration> <b44-declare target>)
#
# The typed-helper header generated from a declaration, as the INTERFACE
# target b44_<name>_helpers; its include directory is
# ${CMAKE_CURRENT_BINARY_DIR}/include (variable b44_<name>_include_dir).
function(b44_generate_typed_helpers name spec declare_tool)
  set(include_dir ${CMAKE_CURRENT_BINARY_DIR}/include)
  set(header ${include_dir}/b44/adapters/${name}.hpp)
  add_custom_command(OUTPUT ${header}
    COMMAND ${declare_tool} header ${spec} ${header} --depfile ${header}.d
    DEPENDS ${spec} ${declare_tool}
    DEPFILE ${header}.d
    COMMENT "Generating the ${name} typed helpers"
    VERBATIM)
  # ALL: installed with the package even when no target of the build uses it.
  add_custom_target(b44_${name}_header ALL DEPENDS ${header})
  set(target b44_${name}_helpers)
  add_library(${target} INTERFACE)
  # An interface library's dependencies are followed by whatever links it.
  add_dependencies(${target} b44_${name}_header)
  target_include_directories(${target} INTERFACE $<BUILD_INTERFACE:${include_dir}>)
  if(TARGET b44_plugin)
    target_link_libraries(${target} INTERFACE b44_plugin)
  else()
    target_link_libraries(${target} INTERFACE b44::plugin)
  endif()
  set(b44_${name}_include_dir ${include_dir} PARENT_SCOPE)
endfunction()

# b44_add_bundled_adapter(<type> SPEC <file.json> [SOURCES <files...>] [LIBS <libs...>])
#
# An adapter of this tree: the library (installed to lib/b44/adapters) and its
# typed-helper header generated from the declaration, as b44::<type>
# (installed with the package).
function(b44_add_bundled_adapter type)
  cmake_parse_arguments(ARG "" "SPEC" "SOURCES;LIBS" ${ARGN})
  b44_add_adapter(${type} SPEC ${ARG_SPEC} SOURCES ${ARG_SOURCES})
  if(ARG_LIBS)
    target_link_libraries(b44_adapter_${type} PRIVATE ${ARG_LIBS})
  endif()
  install(TARGETS b44_adapter_${type} LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/b44/adapters
    COMPONENT runtime)
  set_property(GLOBAL APPEND PROPERTY B44_BUNDLED_ADAPTERS b44_adapter_${type})
  set(target b44_${type}_helpers)
  add_library(b44::${type} ALIAS ${target})
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${type})
  target_include_directories(${target} INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  install(TARGETS ${target} EXPORT b44Targets COMPONENT dev)
  install(FILES ${b44_${type}_include_dir}/b44/adapters/${type}.hpp
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/b44/adapters COMPONENT dev)
endfunction()
