package io.pagekv.audit;

import io.pagekv.Store;
import io.pagekv.StoreOptions;
import io.pagekv.CompactionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditContextTest
{
    @TempDir
    Path dir;

    @Test
    void scopesNestAndRestoreAlsoWhenTheBodyThrows()
    {
        final AuditContext outer = AuditContext.of("alice", "r1");
        final AuditContext inner = AuditContext.of("bob", "r2").with("k", "v");
        assertSame(AuditContext.NONE, AuditContext.current());
        try (AuditContext.Scope a = outer.open())
        {
            assertSame(outer, AuditContext.current());
            assertThrows(IllegalStateException.class, () ->
            {
                try (AuditContext.Scope b = inner.open())
                {
                    assertSame(inner, AuditContext.current());
                    throw new IllegalStateException("request failed");
                }
            });
            assertSame(outer, AuditContext.current());
        }
        assertSame(AuditContext.NONE, AuditContext.current());
    }

    @Test
    void closingOutOfOrderIsRefusedAndLeavesTheOuterContext()
    {
        final AuditContext.Scope a = AuditContext.of("a", "1").open();
        final AuditContext.Scope b = AuditContext.of("b", "2").open();
        assertThrows(IllegalStateException.class, a::close);
        assertSame(AuditContext.NONE, AuditContext.current(), "closing the outer scope restores what was before it");
        b.close();
        assertSame(AuditContext.NONE, AuditContext.current(), "the inner scope, closed with the outer one, leaks nothing");
    }

    @Test
    void aPoolThreadRunsEachTaskWithItsSubmittersContextAndNothingAfter() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            final java.util.concurrent.Executor propagating = AuditContext.propagating(pool);
            final List<String> seen = Collections.synchronizedList(new ArrayList<>());
            final List<Future<?>> done = new ArrayList<>();
            for (int request = 0; request < 50; request++)
            {
                try (AuditContext.Scope scope = AuditContext.of("user" + request, "req" + request).open())
                {
                    final int r = request;
                    final CompletableFuture<Void> f = CompletableFuture.runAsync(() ->
                    {
                        seen.add(r + ":" + AuditContext.current().requestId());
                        if (r % 7 == 0)
                        {
                            throw new IllegalStateException("task of request " + r + " fails");
                        }
                    }, propagating);
                    done.add(f);
                }
                // A task submitted without a context sees none, whatever ran before on that thread.
                done.add(pool.submit(() -> seen.add("bare:" + AuditContext.current().requestId())));
            }
            for (final Future<?> f : done)
            {
                try
                {
                    f.get(10, TimeUnit.SECONDS);
                }
                catch (final java.util.concurrent.ExecutionException expected)
                {
                    assertTrue(expected.getCause().getMessage().contains("fails"));
                }
            }
            for (final String s : seen)
            {
                final String[] parts = s.split(":");
                assertEquals(parts[0].equals("bare") ? "null" : "req" + parts[0], parts[1], s);
            }
            assertEquals(100, seen.size());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aCompletableFutureChainCarriesTheContextOfEachStage() throws Exception
    {
        final ExecutorService pool = Executors.newFixedThreadPool(2);
        try
        {
            final AuditContext request = AuditContext.of("carol", "r9");
            final String result;
            try (AuditContext.Scope scope = request.open())
            {
                final AuditContext captured = AuditContext.current();
                final CompletableFuture<String> chain = CompletableFuture
                    .supplyAsync(captured.wrapSupplier(() -> AuditContext.current().requestId()), pool)
                    .thenApplyAsync(captured.wrapFunction(s -> s + "," + AuditContext.current().principal()), pool)
                    .thenApply(captured.wrapFunction(s -> s + "," + AuditContext.current().requestId()));
                result = chain.get(10, TimeUnit.SECONDS);
            }
            assertEquals("r9,carol,r9", result);
            // The pool's threads keep nothing of it.
            assertEquals("null", pool.submit(() -> String.valueOf(AuditContext.current().requestId())).get());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void aVirtualThreadStartsWithTheContextOnJdk21AndLater() throws Exception
    {
        final AuditContext request = AuditContext.of("dave", "r3");
        if (Runtime.version().feature() < 21)
        {
            assertThrows(UnsupportedOperationException.class, () -> request.startVirtualThread(() -> { }));
            return;
        }
        final String[] seen = new String[2];
        final Thread thread = request.startVirtualThread(() ->
        {
            seen[0] = AuditContext.current().requestId();
            try
            {
                seen[1] = String.valueOf(Thread.class.getMethod("isVirtual").invoke(Thread.currentThread()));
            }
            catch (final ReflectiveOperationException ex)
            {
                seen[1] = ex.toString();
            }
        });
        thread.join();
        assertEquals("r3", seen[0]);
        assertEquals("true", seen[1]);
    }

    @Test
    void writesFromAnotherThreadCarryTheWrappedContextAndTheCompactionStepTheCommittersContext() throws Exception
    {
        final List<String> seen = Collections.synchronizedList(new ArrayList<>());
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Store store = Store.open(dir.resolve("s"), StoreOptions.defaults().withSegmentSize(StoreOptions.MIN_SEGMENT_SIZE)
            .withCompaction(CompactionPolicy.of(1.0, 1.05))))
        {
            store.addAuditHook(event -> seen.add(event.kind() + " " + event.context().requestId()));
            try (AuditContext.Scope scope = AuditContext.of("erin", "async-1").open())
            {
                pool.submit(AuditContext.current().wrap(() -> store.put(key(0), new byte[10]))).get();
            }
            pool.submit(() -> store.put(key(1), new byte[10])).get();
            assertEquals(List.of("PUT async-1", "COMMIT async-1", "PUT null", "COMMIT null"), seen);
            seen.clear();
            // Overwrite until the automatic compaction steps in: its events carry the committer's context.
            try (AuditContext.Scope scope = AuditContext.of("frank", "bulk").open())
            {
                for (int i = 0; i < 3000 && seen.stream().noneMatch(s -> s.startsWith("COMPACTION")); i++)
                {
                    store.put(key(i % 50), new byte[1000]);
                }
            }
            assertTrue(seen.contains("COMPACTION bulk"), "an automatic compaction ran with the committer's context");
            assertTrue(seen.stream().allMatch(s -> s.endsWith(" bulk")), seen.toString());
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    private static byte[] key(final int i)
    {
        return ("key-" + i).getBytes(StandardCharsets.UTF_8);
    }
}
