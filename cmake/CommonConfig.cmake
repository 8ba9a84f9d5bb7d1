# Compile settings every Maitre target shares, in one INTERFACE target.
add_library(maitre_common_config INTERFACE)
target_compile_features(maitre_common_config INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_definitions(maitre_common_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_STRICT_ITERATORS
    MAITRE_VERSION="${PROJECT_VERSION}")
target_compile_options(maitre_common_config INTERFACE
    -Wall -Wextra -Wnon-virtual-dtor -Wshadow=local -Wformat=2
    $<$<BOOL:${MAITRE_WERROR}>:-Werror>
    # GCC's optimiser reports maybe-uninitialized through std::variant and
    # std::optional moves that are initialised (a known false positive).
    $<$<NOT:$<CONFIG:Debug>>:-Wno-maybe-uninitialized>)
