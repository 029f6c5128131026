package io.pagekv.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The iterators of one store that their callers have not closed yet. Each holds a pagekv
 * snapshot; the store closes the leftovers when it closes and reports how many there were.
 *
 * <p>Thread-safe: iterators are opened and closed on stream threads and query threads.
 */
final class OpenIterators
{
    private final Set<MergedIterator> open = ConcurrentHashMap.newKeySet();

    void add(final MergedIterator iterator)
    {
        open.add(iterator);
    }

    void remove(final MergedIterator iterator)
    {
        open.remove(iterator);
    }

    /**
     * @return iterators open now.
     */
    int size()
    {
        return open.size();
    }

    /**
     * Closes every iterator still open.
     *
     * @return how many were open: leaks of the callers.
     */
    int closeAll()
    {
        final List<MergedIterator> leaked = new ArrayList<>(open);
        leaked.forEach(MergedIterator::close);
        return leaked.size();
    }
}
