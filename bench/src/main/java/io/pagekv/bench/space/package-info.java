/**
 * The long overwrite run: disk bytes over written bytes for pagekv and its peers, each with its
 * own way of reclaiming space, written as a CSV, an SVG chart and a section of
 * {@code docs/benchmarks.md}. Uses {@code kv}, {@code harness} and {@code report}.
 */
package io.pagekv.bench.space;
