package io.pagekv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The README's example of patches and counters, compiled and run by {@link ReadmeExampleTest}.
 */
final class ReadmePatchExample
{
    private ReadmePatchExample()
    {
    }

    /**
     * @param dir an empty directory.
     * @return the hit counter after the example, and the patched title.
     */
    static String run(final Path dir)
    {
        // README:start
        byte[] page = "page:home".getBytes(StandardCharsets.UTF_8);
        try (Store store = Store.open(dir))
        {
            byte[] value = new byte[64];                           // bytes 0..7: a hit counter; 8..: a title
            store.putPatchable(page, value);                       // may change in place from now on
            store.patch(page, 8, "Welcome".getBytes(StandardCharsets.UTF_8));  // journaled, in place
            long hits = store.addAndGet(page, 0, 1);               // atomic across threads and processes
            // another process: Store.openReadOnly(dir).addAndGet(page, 0, 1) counts on the same field
            return hits + " " + new String(store.get(page), 8, 7, StandardCharsets.UTF_8);
        }
        // README:end
    }
}
