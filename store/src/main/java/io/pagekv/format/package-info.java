/**
 * Byte layouts of every on-disk structure, drawn once: offsets as constants, accessors over a
 * {@link org.agrona.DirectBuffer}, and page checksums. Uses only Agrona and the JDK.
 */
package io.pagekv.format;
