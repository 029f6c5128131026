package io.pagekv.kafka;

import static io.pagekv.kafka.Keys.drain;
import static io.pagekv.kafka.Keys.key;
import static io.pagekv.kafka.Keys.text;
import static io.pagekv.kafka.Keys.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagekvKeyValueStoreTest
{
    @TempDir
    Path taskDir;

    private final List<KeyValueStore<Bytes, byte[]>> opened = new ArrayList<>();

    @AfterEach
    void closeStores()
    {
        opened.forEach(KeyValueStore::close);
    }

    private KeyValueStore<Bytes, byte[]> open(final TestContext context, final PagekvSettings settings)
    {
        final KeyValueStore<Bytes, byte[]> store = PagekvStores.persistentKeyValueStore("counts", settings).get();
        store.init(context, store);
        opened.add(store);
        return store;
    }

    private KeyValueStore<Bytes, byte[]> open()
    {
        return open(new TestContext(taskDir), PagekvSettings.defaults());
    }

    @Test
    void storeLivesInThePagekvFolderOfItsTaskDirectory()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        assertTrue(Files.isDirectory(taskDir.resolve("pagekv").resolve("counts")));
        assertTrue(store.persistent());
        assertTrue(store.isOpen());
        assertEquals("counts", store.name());
    }

    @Test
    void putGetDeleteAndPutIfAbsentAnswerAsAMap()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        store.put(key("a"), value("1"));
        assertEquals("1", text(store.get(key("a"))));
        assertEquals("1", text(store.putIfAbsent(key("a"), value("2"))));
        assertNull(store.putIfAbsent(key("b"), value("3")));
        assertEquals("3", text(store.get(key("b"))));
        assertEquals("1", text(store.delete(key("a"))));
        assertNull(store.get(key("a")));
        assertNull(store.delete(key("a")));
        store.put(key("b"), null);
        assertNull(store.get(key("b")), "a null value deletes");
    }

    @Test
    void emptyKeysAndEmptyValuesAreKept()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        store.put(key(""), value(""));
        store.commit(Map.of());
        assertArrayEquals(new byte[0], store.get(key("")));
        assertEquals(List.of("="), drain(store.all()));
    }

    @Test
    void aKeyTooLargeForThePageSizeIsRefusedAtPutAndLaterCommitsStillWork()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        final Bytes huge = Bytes.wrap(new byte[4096]);
        final ProcessorStateException refused = assertThrows(ProcessorStateException.class, () -> store.put(huge, value("1")));
        assertTrue(refused.getMessage().contains("page size 4096"), refused.getMessage());
        store.put(key("a"), value("1"));
        store.commit(Map.of());
        assertEquals("1", text(store.get(key("a"))));
    }

    @Test
    void rangesAreInclusiveAndNullBoundsAreOpen()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        for (final String k : List.of("a", "b", "c", "d"))
        {
            store.put(key(k), value(k.toUpperCase()));
        }
        store.commit(Map.of());
        store.put(key("bb"), value("BB"));
        store.delete(key("c"));
        assertEquals(List.of("b=B", "bb=BB", "d=D"), drain(store.range(key("b"), key("d"))));
        assertEquals(List.of("d=D", "bb=BB", "b=B"), drain(store.reverseRange(key("b"), key("d"))));
        assertEquals(List.of("a=A", "b=B", "bb=BB"), drain(store.range(null, key("bb"))));
        assertEquals(List.of("d=D", "bb=BB"), drain(store.reverseRange(key("bb"), null)));
        assertEquals(List.of("a=A", "b=B", "bb=BB", "d=D"), drain(store.all()));
        assertEquals(List.of("d=D", "bb=BB", "b=B", "a=A"), drain(store.reverseAll()));
        assertEquals(List.of(), drain(store.range(key("d"), key("a"))), "from after to is empty");
    }

    @Test
    void prefixScanReturnsTheKeysThatStartWithThePrefix()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        for (final String k : List.of("user:1", "user:2", "users", "usez", "use"))
        {
            store.put(key(k), value("v"));
        }
        store.commit(Map.of());
        store.put(key("user:3"), value("w"));
        assertEquals(List.of("user:1=v", "user:2=v", "user:3=w"), drain(store.prefixScan("user:", new StringSerializer())));
        assertEquals(5 + 1, drain(store.prefixScan("", new StringSerializer())).size());
    }

    @Test
    void peekNextKeyDoesNotMove()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        store.put(key("a"), value("1"));
        try (KeyValueIterator<Bytes, byte[]> it = store.all())
        {
            assertEquals(key("a"), it.peekNextKey());
            assertEquals(key("a"), it.next().key);
            assertFalse(it.hasNext());
        }
    }

    @Test
    void anIteratorDoesNotSeeWritesMadeAfterItOpened()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        store.put(key("a"), value("1"));
        store.commit(Map.of());
        store.put(key("b"), value("2"));
        final KeyValueIterator<Bytes, byte[]> it = store.all();
        store.put(key("c"), value("3"));
        store.delete(key("a"));
        store.commit(Map.of());
        assertEquals(List.of("a=1", "b=2"), drain(it));
    }

    @Test
    void committedWritesSurviveCloseAndUncommittedOnesAreDropped()
    {
        final KeyValueStore<Bytes, byte[]> first = open();
        first.putAll(List.of(KeyValue.pair(key("a"), value("1")), KeyValue.pair(key("b"), value("2"))));
        first.commit(Map.of());
        first.put(key("c"), value("3"));
        first.close();
        final KeyValueStore<Bytes, byte[]> second = open();
        assertEquals(List.of("a=1", "b=2"), drain(second.all()));
        assertEquals(2, second.approximateNumEntries());
    }

    @Test
    void aFullWriteBufferCommitsByItself()
    {
        final KeyValueStore<Bytes, byte[]> first = open(new TestContext(taskDir), PagekvSettings.defaults().withWriteBufferBytes(1024));
        for (int i = 0; i < 100; i++)
        {
            first.put(key("k" + i), value("value " + i));
        }
        first.close();
        final KeyValueStore<Bytes, byte[]> second = open();
        assertTrue(second.approximateNumEntries() >= 90, "most writes were committed without a commit call");
    }

    @Test
    void restoreAppliesChangelogBatchesWithDeletes()
    {
        final TestContext context = new TestContext(taskDir);
        final KeyValueStore<Bytes, byte[]> store = open(context, PagekvSettings.defaults());
        context.restoreCallback().restoreAll(List.of(
            KeyValue.pair(value("a"), value("1")), KeyValue.pair(value("b"), value("2")), KeyValue.pair(value("a"), null)));
        context.restoreCallback().restoreAll(List.of(KeyValue.pair(value("c"), value("3"))));
        assertEquals(List.of("b=2", "c=3"), drain(store.all()));
    }

    @Test
    void iteratorsLeftOpenAreClosedWithTheStore()
    {
        final PagekvKeyValueStore store = (PagekvKeyValueStore)open();
        store.put(key("a"), value("1"));
        final KeyValueIterator<Bytes, byte[]> leaked = store.all();
        drain(store.all());
        assertEquals(1, store.openIterators());
        store.close();
        assertEquals(0, store.openIterators());
        assertThrows(InvalidStateStoreException.class, leaked::hasNext);
    }

    @Test
    void aClosedStoreRefusesWork()
    {
        final KeyValueStore<Bytes, byte[]> store = open();
        store.close();
        assertFalse(store.isOpen());
        assertThrows(InvalidStateStoreException.class, () -> store.get(key("a")));
        assertThrows(InvalidStateStoreException.class, () -> store.put(key("a"), value("1")));
        assertThrows(InvalidStateStoreException.class, store::all);
    }

    @Test
    void theConfigSetterNamedInTheStreamsConfigChangesTheSettings()
    {
        final TestContext context = new TestContext(taskDir).config(PagekvConfigSetter.CONFIG, TinyBufferSetter.class.getName());
        final KeyValueStore<Bytes, byte[]> first = open(context, PagekvSettings.defaults());
        for (int i = 0; i < 100; i++)
        {
            first.put(key("k" + i), value("value " + i));
        }
        first.close();
        assertTrue(open().approximateNumEntries() >= 90, "the setter's 1 KiB buffer committed by itself");
    }

    /** Shrinks the write buffer to 1 KiB. */
    public static final class TinyBufferSetter implements PagekvConfigSetter
    {
        @Override
        public PagekvSettings setConfig(final String storeName, final PagekvSettings settings, final Map<String, Object> configs)
        {
            return settings.withWriteBufferBytes(1024);
        }
    }
}
