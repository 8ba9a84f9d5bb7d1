# ctest: every user-visible string in the sources has a Spanish translation.
# Runs lupdate over a copy of translations/maitre_es.ts and fails when it finds
# a string that is new or unfinished. Fix with the update_translations target
# and translate what it adds.
# Inputs: LUPDATE, SOURCE_DIR, WORK_DIR.
file(MAKE_DIRECTORY ${WORK_DIR})
set(ts ${WORK_DIR}/maitre_es.ts)
configure_file(${SOURCE_DIR}/translations/maitre_es.ts ${ts} COPYONLY)
execute_process(
    COMMAND ${LUPDATE} -no-obsolete -locations none -extensions cpp,h
            ${SOURCE_DIR}/app ${SOURCE_DIR}/models ${SOURCE_DIR}/printing ${SOURCE_DIR}/providers ${SOURCE_DIR}/server ${SOURCE_DIR}/ui -ts ${ts}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "lupdate failed:\n${output}")
endif()
file(READ ${ts} content)
string(REGEX MATCHALL "<source>[^<]*</source>[ \n\t]*<translation type=\"unfinished\"" missing "${content}")
list(LENGTH missing count)
if(count GREATER 0)
    string(REGEX REPLACE "[ \n\t]*<translation type=\"unfinished\"" "" missing "${missing}")
    string(REPLACE ";" "\n  " missing "${missing}")
    message(FATAL_ERROR "${count} string(s) without a Spanish translation:\n  ${missing}")
endif()
message(STATUS "every string has a Spanish translation")
