/**
 * Segment files and their read-only mappings: resolves a page id to bytes, and checks each
 * page's checksum the first time it is read. Uses {@code io}, {@code format} and the exception
 * types of {@code io.pagekv}; knows nothing of trees or commits.
 */
package io.pagekv.page;
