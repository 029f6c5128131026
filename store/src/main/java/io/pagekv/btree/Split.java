package io.pagekv.btree;

/**
 * The result of splitting a node: the separator that goes up and the new right sibling.
 *
 * @param separator the smallest key of the right sibling's range.
 * @param right     the new right sibling.
 */
record Split(byte[] separator, Node right)
{
}
