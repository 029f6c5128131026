/**
 * One adapter per engine behind {@link io.pagekv.bench.kv.KvStore}, each used the way its own
 * documentation recommends for speed. Uses the engines' libraries and Agrona; nothing else here.
 */
package io.pagekv.bench.kv;
