package io.pagekv.kafka;

import java.util.Map;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.ResultOrder;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Answers the interactive queries (IQv2) a bytes key-value store serves: {@link KeyQuery} and
 * {@link RangeQuery}, after checking that the store has seen the position the query is bound to.
 * Any other query type is answered with {@link FailureReason#UNKNOWN_QUERY_TYPE}.
 */
final class PositionQueries
{
    private PositionQueries()
    {
    }

    /**
     * @param store     the store to read.
     * @param position  the store's position: the input offsets its state reflects.
     * @param partition the store's task partition.
     * @param query     the query.
     * @param bound     the position the caller needs the store to have reached.
     * @param config    whether to collect execution information.
     * @param <R>       the result type.
     * @return the result, carrying a copy of the position it was computed at.
     */
    @SuppressWarnings("unchecked")
    static <R> QueryResult<R> answer(final PagekvKeyValueStore store, final Position position, final int partition,
        final Query<R> query, final PositionBound bound, final QueryConfig config)
    {
        final long start = System.nanoTime();
        if (!reached(position, bound, partition))
        {
            return QueryResult.notUpToBound(position, bound, partition);
        }
        final QueryResult<R> result;
        if (query instanceof KeyQuery<?, ?> keyQuery)
        {
            result = (QueryResult<R>)QueryResult.forResult(store.get((Bytes)keyQuery.getKey()));
        }
        else if (query instanceof RangeQuery<?, ?> rangeQuery)
        {
            final Bytes from = (Bytes)rangeQuery.getLowerBound().orElse(null);
            final Bytes to = (Bytes)rangeQuery.getUpperBound().orElse(null);
            final KeyValueIterator<Bytes, byte[]> entries = rangeQuery.resultOrder() == ResultOrder.DESCENDING ?
                store.reverseRange(from, to) : store.range(from, to);
            result = (QueryResult<R>)QueryResult.forResult(entries);
        }
        else
        {
            return QueryResult.forUnknownQueryType(query, store);
        }
        if (config.isCollectExecutionInfo())
        {
            result.addExecutionInfo("Handled in " + PagekvKeyValueStore.class.getName() + " in " + (System.nanoTime() - start) + "ns");
        }
        result.setPosition(position.copy());
        return result;
    }

    /**
     * Whether the store has reached the bound on its own partition, as Kafka's stores decide it:
     * topics the bound does not name for this partition do not count.
     */
    static boolean reached(final Position position, final PositionBound bound, final int partition)
    {
        if (bound.isUnbounded())
        {
            return true;
        }
        final Position wanted = bound.position();
        for (final String topic : wanted.getTopics())
        {
            final Long needed = wanted.getPartitionPositions(topic).get(partition);
            if (needed == null)
            {
                continue;
            }
            final Map<Integer, Long> seen = position.getTopics().contains(topic) ? position.getPartitionPositions(topic) : Map.of();
            final Long at = seen.get(partition);
            if (at == null || at < needed)
            {
                return false;
            }
        }
        return true;
    }
}
