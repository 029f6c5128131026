/**
 * The {@code pagekv} command-line tool: one picocli command class per subcommand, the key and
 * value encodings, the dump format, and the mapping of failures to exit codes.
 * Uses the public API in {@code io.pagekv}, and the documented byte layouts in {@code io.pagekv.format}
 * only to check segment lengths.
 */
package io.pagekv.cli;
