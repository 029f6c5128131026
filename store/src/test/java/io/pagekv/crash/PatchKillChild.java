package io.pagekv.crash;

import io.pagekv.Store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The writer of {@link PatchKillLoopTest}: patches one patchable value with patch {@code first},
 * {@code first + 1}, ... (each one's place and bytes made from its number, see {@link #offset}
 * and {@link #bytes}), commits another key now and then, and prints {@code ack N} after patch
 * {@code N} returned, until killed. Arguments: dir first.
 */
public final class PatchKillChild
{
    static final int VALUE_LENGTH = 20_000;
    static final byte[] KEY = "patched".getBytes(StandardCharsets.UTF_8);

    private PatchKillChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final long first = Long.parseLong(args[1]);
        try (Store store = Store.open(dir))
        {
            for (long n = first; ; n++)
            {
                store.patch(KEY, offset(n), bytes(n));
                System.out.println("ack " + n);
                System.out.flush();
                if (n % 7 == 0)
                {
                    store.put(("other" + n % 13).getBytes(StandardCharsets.UTF_8), bytes(n));
                }
            }
        }
    }

    /** @return where patch {@code n} goes. */
    static int offset(final long n)
    {
        return new Random(n * 31 + 7).nextInt(VALUE_LENGTH - bytes(n).length + 1);
    }

    /** @return the bytes of patch {@code n}: 1 to 6000 of them, so that some cross pages and some records take several pages. */
    static byte[] bytes(final long n)
    {
        final Random random = new Random(n);
        final byte[] bytes = new byte[1 + random.nextInt(n % 5 == 0 ? 6000 : 300)];
        random.nextBytes(bytes);
        return bytes;
    }

    /**
     * @param value the value before patch {@code n}; changed.
     * @param n     the patch.
     */
    static void apply(final byte[] value, final long n)
    {
        final byte[] bytes = bytes(n);
        System.arraycopy(bytes, 0, value, offset(n), bytes.length);
    }
}
