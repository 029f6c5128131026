package io.pagekv.txn;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link OpenCommits} against a {@link TreeMap} multiset: after any sequence of opens and closes
 * (closes of commits no reader counts included), the same emptiness, oldest commit and total.
 */
class OpenCommitsProperties
{
    @Property(tries = 300)
    void behavesAsASortedMultiset(
        @ForAll @Size(max = 200) final List<@IntRange(min = -40, max = 40) Integer> operations)
    {
        final OpenCommits commits = new OpenCommits();
        final TreeMap<Long, Integer> model = new TreeMap<>();
        int total = 0;
        for (final int operation : operations)
        {
            // A positive number opens a reader of commit |n| % 20, a negative one closes one.
            final long txnId = 1000 + Math.abs(operation) % 20;
            if (operation >= 0)
            {
                commits.add(txnId);
                model.merge(txnId, 1, Integer::sum);
                total++;
            }
            else
            {
                commits.remove(txnId);
                if (model.containsKey(txnId))
                {
                    total--;
                    model.computeIfPresent(txnId, (txn, count) -> count == 1 ? null : count - 1);
                }
            }
            assertEquals(model.isEmpty(), commits.isEmpty());
            assertEquals(total, commits.total());
            if (!model.isEmpty())
            {
                assertEquals(model.firstKey(), commits.oldest());
            }
        }
    }
}
