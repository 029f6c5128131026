package io.pagekv.bench.jmh;

import io.pagekv.Durability;
import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.WriteTxn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The write path without the disk: a transaction of {@value #PUTS} puts built in memory and
 * aborted, per operation; so the cost of the audit path at each put is not hidden under forces.
 * {@code sink=none} adds nothing (the audit path is one volatile read per put); {@code sink=noop}
 * adds a hook that accepts everything. The hook is added by reflection so that this same source
 * also runs against a build without the audit path (only {@code sink=none} there), the baseline
 * of {@code bench/audit-overhead.sh}.
 */
@State(Scope.Benchmark)
public class AuditPathBenchmark extends ForkedBenchmark
{
    private static final int PUTS = 1000;

    /** none or noop. */
    @Param({"none", "noop"})
    public String sink;

    private Path dir;
    private Store store;
    private byte[][] keys;
    private final byte[] value = new byte[100];

    /**
     * Opens an empty store and adds the hook.
     *
     * @throws Exception if the store cannot be made or the hook added.
     */
    @Setup
    public void open() throws Exception
    {
        dir = Files.createTempDirectory("pagekv-audit-path");
        store = Store.open(dir, StoreOptions.defaults().withDurability(Durability.ASYNC));
        if (sink.equals("noop"))
        {
            final Class<?> hook = Class.forName("io.pagekv.audit.AuditHook");
            final Object accepting = Proxy.newProxyInstance(hook.getClassLoader(), new Class<?>[]{hook},
                (proxy, method, args) -> method.getName().equals("name") ? "noop" : null);
            Store.class.getMethod("addAuditHook", hook).invoke(store, accepting);
        }
        keys = new byte[PUTS][];
        for (int i = 0; i < PUTS; i++)
        {
            keys[i] = String.format("key-%08d", i * 7919 % PUTS).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    /**
     * Closes and deletes the store.
     *
     * @throws IOException if a file cannot be deleted.
     */
    @TearDown
    public void close() throws IOException
    {
        store.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(p);
            }
        }
    }

    /**
     * @return the transaction's entry count, so that nothing is optimized away.
     */
    @Benchmark
    @OperationsPerInvocation(PUTS)
    public long put()
    {
        try (WriteTxn txn = store.beginWrite())
        {
            for (final byte[] key : keys)
            {
                txn.put(key, value);
            }
            return txn.count();
        }
    }
}
