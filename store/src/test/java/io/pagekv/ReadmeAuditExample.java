package io.pagekv;

import io.pagekv.audit.AuditContext;
import io.pagekv.audit.AuditKind;
import io.pagekv.audit.AuditSinks;
import io.pagekv.audit.AuditVetoException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The audit example shown in README.md, compiled and run by {@link ReadmeExampleTest}.
 */
final class ReadmeAuditExample
{
    private ReadmeAuditExample()
    {
    }

    static String run(final Path dir)
    {
        final StringBuilder out = new StringBuilder();
        // README:start
        try (Store store = Store.open(dir))
        {
            store.addAuditHook(AuditSinks.durableLog());             // hash-chained log in dir/audit
            store.addAuditHook(event ->                              // sees every write first
            {
                if (event.kind() == AuditKind.DELETE && !"admin".equals(event.context().principal()))
                {
                    throw new SecurityException("only admin deletes");   // vetoes it
                }
            });
            try (AuditContext.Scope who = AuditContext.of("alice", "req-42").open())
            {
                store.put("user:1".getBytes(StandardCharsets.UTF_8), "Ada".getBytes(StandardCharsets.UTF_8));
                store.delete("user:1".getBytes(StandardCharsets.UTF_8));
            }
            catch (AuditVetoException ex)
            {
                out.append(ex.reason());                             // "only admin deletes"; nothing deleted
            }
        }
        // README:end
        return out.toString();
    }
}
