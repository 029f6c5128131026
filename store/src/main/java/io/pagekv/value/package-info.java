/**
 * Values as leaf cells hold them and as the application reads them: the one decoder of a cell's
 * stored bytes, which knows the value kinds and refuses one it does not know; LZ4 compression and
 * hostile-input-proof inflation; the reader that inflates and decodes through the read cache.
 * Uses {@code page}, {@code format}, {@code cache}, {@code codec} and the exception types of
 * {@code io.pagekv}.
 */
package io.pagekv.value;
