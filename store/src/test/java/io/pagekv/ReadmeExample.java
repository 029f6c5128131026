package io.pagekv;

import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The library example shown in README.md, compiled and run by {@link ReadmeExampleTest}.
 */
final class ReadmeExample
{
    private ReadmeExample()
    {
    }

    static String run(final Path dir)
    {
        final StringBuilder out = new StringBuilder();
        // README:start
        try (Store store = Store.open(dir))                          // creates the store if needed
        {
            store.put("user:1".getBytes(StandardCharsets.UTF_8), "Ada".getBytes(StandardCharsets.UTF_8));

            try (WriteTxn txn = store.beginWrite())                  // all or nothing
            {
                txn.put("user:2".getBytes(StandardCharsets.UTF_8), "Grace".getBytes(StandardCharsets.UTF_8));
                txn.delete("user:1".getBytes(StandardCharsets.UTF_8));
                txn.commit();                                        // forced to disk when it returns
            }

            store.write(new WriteBatch()                             // blind writes, all or nothing: batches of
                .put("user:3".getBytes(StandardCharsets.UTF_8), "Linus".getBytes(StandardCharsets.UTF_8))
                .delete("user:2".getBytes(StandardCharsets.UTF_8))); // threads writing at once share one commit

            try (Snapshot snap = store.snapshot();                   // lock-free, consistent view
                 Cursor users = snap.prefix("user:".getBytes(StandardCharsets.UTF_8)))
            {
                while (users.next())
                {
                    DirectBuffer name = users.value();               // zero-copy view of the mapped page
                    out.append(users.key().getStringWithoutLengthAscii(0, users.key().capacity()))
                        .append('=').append(name.getStringWithoutLengthAscii(0, name.capacity())).append('\n');
                }
            }
        }
        // README:end
        return out.toString();
    }
}
