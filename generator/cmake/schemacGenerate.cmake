# schemac_generate(): generate C code and DDL from .schema files at build
# time and wrap the generated code in a static library.
#
#   schemac_generate(<target>
#     SCHEMAS file.schema...              # required; relative to the current source dir
#     [DIALECTS postgres sqlite]          # DDL files to write (default: both)
#     [PREFIX prefix]                     # C name prefix (default: the schema name)
#     [NAME name]                         # schema name, when it cannot be read (see below)
#     [OUTPUT_DIR dir])                   # default: ${CMAKE_CURRENT_BINARY_DIR}/schemac/<target>
#
# Runs `schemac generate FILES --out DIR --dialect D,... [--prefix P]` and
# creates the STATIC library <target> from DIR/<name>.c. Its include
# directory (DIR, holding <name>.h) is PUBLIC and it links schemac::runtime
# PUBLIC, so linking <target> brings the runtime, libpq, sqlite3, OpenSSL
# and threads. The command depends on the schema files and on the schemac
# executable: editing a schema (or rebuilding schemac) regenerates on the
# next build. schemac rewrites only files whose content changed.
#
# <name> is the `schema NAME` declaration of the files, otherwise the first
# file's base name up to its first '.' (non-identifier characters become
# '_'), as schemac itself derives it (docs/language.md). CMake reads the
# name at configure time and re-runs configure when a schema file changes,
# so renaming the schema is picked up too.
#
# Properties set on <target>: SCHEMAC_NAME, SCHEMAC_OUTPUT_DIR,
# SCHEMAC_HEADER, SCHEMAC_SOURCE, SCHEMAC_SQL_<DIALECT> (absolute paths).
#
# The executable is the `schemac` target when schemac is part of the build
# (add_subdirectory of its source tree), else the imported schemac::schemac
# from find_package(schemac).
include_guard(GLOBAL)

function(schemac_generate target)
  cmake_parse_arguments(PARSE_ARGV 1 SCG "" "PREFIX;NAME;OUTPUT_DIR" "SCHEMAS;DIALECTS")
  if(SCG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "schemac_generate(${target}): unknown arguments: ${SCG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT SCG_SCHEMAS)
    message(FATAL_ERROR "schemac_generate(${target}): SCHEMAS is required")
  endif()
  if(NOT SCG_DIALECTS)
    set(SCG_DIALECTS postgres sqlite)
  endif()
  foreach(d IN LISTS SCG_DIALECTS)
    if(NOT d MATCHES "^(postgres|sqlite)$")
      message(FATAL_ERROR "schemac_generate(${target}): unknown dialect '${d}' (postgres, sqlite)")
    endif()
  endforeach()
  list(REMOVE_DUPLICATES SCG_DIALECTS)

  if(TARGET schemac)
    set(exe schemac)
  elseif(TARGET schemac::schemac)
    set(exe schemac::schemac)
  else()
    message(FATAL_ERROR "schemac_generate(${target}): no schemac executable "
      "(use find_package(schemac) or add_subdirectory of the schemac sources first)")
  endif()

  set(schemas "")
  foreach(f IN LISTS SCG_SCHEMAS)
    get_filename_component(abs "${f}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT EXISTS "${abs}")
      message(FATAL_ERROR "schemac_generate(${target}): schema file not found: ${abs}")
    endif()
    list(APPEND schemas "${abs}")
  endforeach()

  set(name "${SCG_NAME}")
  if("${name}" STREQUAL "")
    _schemac_schema_name(name ${schemas})
    # The name comes from the files' content: re-read it when they change.
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${schemas})
  endif()

  set(out "${SCG_OUTPUT_DIR}")
  if("${out}" STREQUAL "")
    set(out "${CMAKE_CURRENT_BINARY_DIR}/schemac/${target}")
  endif()
  get_filename_component(out "${out}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")

  set(header "${out}/${name}.h")
  set(source "${out}/${name}.c")
  set(outputs "${header}" "${source}")
  foreach(d IN LISTS SCG_DIALECTS)
    list(APPEND outputs "${out}/${name}.${d}.sql")
  endforeach()
  string(REPLACE ";" "," dialect_arg "${SCG_DIALECTS}")
  set(prefix_args "")
  if(NOT "${SCG_PREFIX}" STREQUAL "")
    set(prefix_args --prefix "${SCG_PREFIX}")
  endif()

  # A stamp is the command's output and the generated files are byproducts:
  # schemac rewrites only files whose content changed, so an edit that does
  # not change (say) the header does not recompile what includes it.
  set(stamp "${out}/.${name}.schemac-stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS ${outputs}
    COMMAND ${CMAKE_COMMAND} -E make_directory "${out}"
    COMMAND ${exe} generate ${schemas} --out "${out}" --dialect "${dialect_arg}" ${prefix_args}
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${schemas} "$<TARGET_FILE:${exe}>"
    COMMENT "schemac generate ${name} (${dialect_arg})"
    VERBATIM)
  add_custom_target(${target}_schemac DEPENDS "${stamp}")

  add_library(${target} STATIC "${source}" "${header}")
  add_dependencies(${target} ${target}_schemac)
  target_include_directories(${target} PUBLIC "$<BUILD_INTERFACE:${out}>")
  target_link_libraries(${target} PUBLIC schemac::runtime)
  target_compile_features(${target} PRIVATE c_std_11)
  set_target_properties(${target} PROPERTIES
    SCHEMAC_NAME "${name}"
    SCHEMAC_OUTPUT_DIR "${out}"
    SCHEMAC_HEADER "${header}"
    SCHEMAC_SOURCE "${source}")
  foreach(d IN LISTS SCG_DIALECTS)
    string(TOUPPER "${d}" D)
    set_target_properties(${target} PROPERTIES SCHEMAC_SQL_${D} "${out}/${name}.${d}.sql")
  endforeach()
endfunction()

# The schema name schemac will use for `files` (see above).
function(_schemac_schema_name out_var)
  foreach(f IN ITEMS ${ARGN})
    file(STRINGS "${f}" lines REGEX "^[ \t]*schema[ \t]+[A-Za-z_][A-Za-z0-9_]*")
    foreach(line IN LISTS lines)
      if(line MATCHES "^[ \t]*schema[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(//.*)?$")
        set(${out_var} "${CMAKE_MATCH_1}" PARENT_SCOPE)
        return()
      endif()
    endforeach()
  endforeach()
  list(GET ARGN 0 first)
  get_filename_component(base "${first}" NAME)
  string(REGEX REPLACE "\\..*$" "" base "${base}")
  if(NOT base STREQUAL "" AND NOT base MATCHES "^[0-9]")
    string(MAKE_C_IDENTIFIER "${base}" base)
  endif()
  if(base STREQUAL "" OR base MATCHES "^[0-9]")
    message(FATAL_ERROR "schemac_generate: cannot derive a schema name from '${first}'; "
      "declare `schema NAME` in the file or pass NAME")
  endif()
  set(${out_var} "${base}" PARENT_SCOPE)
endfunction()
