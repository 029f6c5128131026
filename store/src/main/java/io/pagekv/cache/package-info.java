/**
 * The read cache of decoded values: stored location to decoded form, held through weak or soft
 * references plus a small strong hot set. Uses nothing else of pagekv.
 */
package io.pagekv.cache;
