package io.pagekv.kafka;

import static io.pagekv.kafka.Keys.drain;
import static io.pagekv.kafka.Keys.key;
import static io.pagekv.kafka.Keys.text;
import static io.pagekv.kafka.Keys.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.query.FailureReason;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.WindowKeyQuery;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionQueriesTest
{
    @TempDir
    Path taskDir;

    private KeyValueStore<Bytes, byte[]> store;
    private TestContext context;

    @BeforeEach
    void fill()
    {
        context = new TestContext(taskDir);
        store = PagekvStores.persistentKeyValueStore("q").get();
        store.init(context, store);
        context.processing("input", 0, 41);
        store.put(key("a"), value("1"));
        context.processing("input", 0, 42);
        store.put(key("b"), value("2"));
        store.put(key("c"), value("3"));
    }

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void keyQueryAnswersWithTheValueAndThePosition()
    {
        final QueryResult<byte[]> result = store.query(KeyQuery.withKey(key("b")), PositionBound.unbounded(), new QueryConfig(true));
        assertTrue(result.isSuccess());
        assertEquals("2", text(result.getResult()));
        assertEquals(Position.emptyPosition().withComponent("input", 0, 42), result.getPosition());
        assertEquals(1, result.getExecutionInfo().size());
    }

    @Test
    void rangeQueryAnswersInTheOrderAsked()
    {
        final QueryResult<KeyValueIterator<Bytes, byte[]>> up =
            store.query(RangeQuery.withRange(key("b"), null), PositionBound.unbounded(), new QueryConfig(false));
        assertEquals(List.of("b=2", "c=3"), drain(up.getResult()));
        final QueryResult<KeyValueIterator<Bytes, byte[]>> down =
            store.query(RangeQuery.<Bytes, byte[]>withNoBounds().withDescendingKeys(), PositionBound.unbounded(), new QueryConfig(false));
        assertEquals(List.of("c=3", "b=2", "a=1"), drain(down.getResult()));
    }

    @Test
    void aBoundTheStoreHasNotReachedIsRefused()
    {
        final PositionBound ahead = PositionBound.at(Position.emptyPosition().withComponent("input", 0, 43));
        final QueryResult<byte[]> refused = store.query(KeyQuery.withKey(key("a")), ahead, new QueryConfig(false));
        assertEquals(FailureReason.NOT_UP_TO_BOUND, refused.getFailureReason());
        final PositionBound reached = PositionBound.at(Position.emptyPosition().withComponent("input", 0, 42));
        assertEquals("1", text(store.query(KeyQuery.<Bytes, byte[]>withKey(key("a")), reached, new QueryConfig(false)).getResult()));
        final PositionBound otherPartition = PositionBound.at(Position.emptyPosition().withComponent("input", 1, 99));
        assertTrue(store.query(KeyQuery.<Bytes, byte[]>withKey(key("a")), otherPartition, new QueryConfig(false)).isSuccess());
    }

    @Test
    void theCommittedPositionSurvivesAReopenAndAnUncommittedOneDoesNot()
    {
        store.commit(java.util.Map.of());
        context.processing("input", 0, 43);
        store.put(key("d"), value("4"));
        assertEquals(Position.emptyPosition().withComponent("input", 0, 43), store.getPosition());
        store.close();
        store = PagekvStores.persistentKeyValueStore("q").get();
        store.init(new TestContext(taskDir), store);
        assertEquals(Position.emptyPosition().withComponent("input", 0, 42), store.getPosition());
        assertEquals(3, store.approximateNumEntries(), "the position is not an entry");
        assertEquals(List.of("a=1", "b=2", "c=3"), drain(store.all()));
    }

    @Test
    void otherQueryTypesAreUnknown()
    {
        final QueryResult<?> result = store.query(WindowKeyQuery.withKeyAndWindowStartRange(key("a"), java.time.Instant.EPOCH,
            java.time.Instant.EPOCH), PositionBound.unbounded(), new QueryConfig(false));
        assertEquals(FailureReason.UNKNOWN_QUERY_TYPE, result.getFailureReason());
    }
}
