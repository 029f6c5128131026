package io.pagekv.crash;

import io.pagekv.CompressionPolicy;
import io.pagekv.Store;
import io.pagekv.StoreOptions;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The child of {@link Lz4FallbackTest}: writes and reads back a compressed value in a JVM whose
 * {@code java.io.tmpdir} cannot take lz4-java's JNI library, and prints which LZ4 instance the
 * store used.
 *
 * <pre>
 *   args: DIR
 *   prints: lz4=INSTANCE   then   OK
 * </pre>
 */
public final class Lz4FallbackChild
{
    private Lz4FallbackChild()
    {
    }

    /**
     * @param args see the class comment.
     */
    public static void main(final String[] args)
    {
        final byte[] value = "{\"name\":\"alpha\",\"qty\":1}".repeat(400).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (Store store = Store.open(Path.of(args[0]), StoreOptions.defaults().withCompression(CompressionPolicy.lz4(0, 10))))
        {
            store.put(new byte[] {1}, value);
            System.out.println("lz4=" + store.stats().lz4Instance());
            System.out.println(Arrays.equals(value, store.get(new byte[] {1})) ? "OK" : "WRONG");
        }
    }
}
