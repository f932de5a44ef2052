# CMake script mode: turns templates/*.tmpl into a C file of string
# constants, so the templates are part of the schemac binary.
#   cmake -DTEMPLATE_DIR=... -DOUTPUT=... -P embed.cmake
file(GLOB tmpl_files RELATIVE ${TEMPLATE_DIR} ${TEMPLATE_DIR}/*.tmpl)
list(SORT tmpl_files)
set(out "/* Generated from the templates (templates/NAME.tmpl) by templates/embed.cmake. Do not edit. */\n")
string(APPEND out "#include \"emit/template.h\"\n\nconst scc_template_file scc_template_files[] = {\n")
foreach(name IN LISTS tmpl_files)
  file(READ ${TEMPLATE_DIR}/${name} text)
  string(REPLACE "\\" "\\\\" text "${text}")
  string(REPLACE "\"" "\\\"" text "${text}")
  string(REPLACE "\t" "\\t" text "${text}")
  string(REPLACE "\n" "\\n\"\n    \"" text "${text}")
  string(APPEND out "  {\"${name}\",\n    \"${text}\"},\n")
endforeach()
string(APPEND out "  {0, 0},\n};\n")
# Rewrite only when the content changes, so the compiler is not rebuilt.
if(EXISTS ${OUTPUT})
  file(READ ${OUTPUT} old)
  if(old STREQUAL out)
    return()
  endif()
endif()
file(WRITE ${OUTPUT} "${out}")
