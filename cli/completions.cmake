# Shell completions, made by the weir just built from its option rows
# (`weir completion bash|zsh|fish`), installed where each shell looks for a
# package's completions. Included from the top-level CMakeLists.txt.
set(WEIR_COMPLETIONS_DIR ${CMAKE_CURRENT_BINARY_DIR}/completions)
add_custom_command(
  OUTPUT ${WEIR_COMPLETIONS_DIR}/weir ${WEIR_COMPLETIONS_DIR}/_weir ${WEIR_COMPLETIONS_DIR}/weir.fish
  COMMAND ${CMAKE_COMMAND} -E make_directory ${WEIR_COMPLETIONS_DIR}
  COMMAND weir completion bash > ${WEIR_COMPLETIONS_DIR}/weir
  COMMAND weir completion zsh > ${WEIR_COMPLETIONS_DIR}/_weir
  COMMAND weir completion fish > ${WEIR_COMPLETIONS_DIR}/weir.fish
  DEPENDS weir
  VERBATIM)
add_custom_target(completions ALL DEPENDS ${WEIR_COMPLETIONS_DIR}/weir ${WEIR_COMPLETIONS_DIR}/_weir
                                          ${WEIR_COMPLETIONS_DIR}/weir.fish)
install(FILES ${WEIR_COMPLETIONS_DIR}/weir DESTINATION share/bash-completion/completions)
install(FILES ${WEIR_COMPLETIONS_DIR}/_weir DESTINATION share/zsh/vendor-completions)
install(FILES ${WEIR_COMPLETIONS_DIR}/weir.fish DESTINATION share/fish/vendor_completions.d)
