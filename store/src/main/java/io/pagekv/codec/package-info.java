/**
 * Typed access: {@link io.pagekv.codec.Codec} turns objects into stored bytes and back, straight
 * through Agrona buffers; {@link io.pagekv.codec.Codecs} has the ready ones. Public API; uses
 * nothing else of pagekv.
 */
package io.pagekv.codec;
