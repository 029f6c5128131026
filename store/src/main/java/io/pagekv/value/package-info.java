/**
 * Values as leaf cells hold them: the one decoder every read of a value goes through, which knows
 * the value kinds and refuses one it does not know. Uses {@code page}, {@code format} and the
 * exception types of {@code io.pagekv}; the value cache and LZ4 runs plug in here.
 */
package io.pagekv.value;
