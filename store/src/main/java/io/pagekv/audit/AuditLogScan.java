package io.pagekv.audit;

import io.pagekv.format.AuditLogLayout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static io.pagekv.format.AuditLogLayout.*;

/**
 * One walk of the durable log from its first file to the first bad byte: the one reader of the
 * log's files, for the verifier, for the writer that continues the log, and for {@code tail}.
 * It checks the file numbers (none missing), each header (magic, version, number, first
 * sequence, chain hash) and each record (lengths, sequence, hash), and follows what the log says
 * the store's head is.
 *
 * <p>Not thread-safe; made and read by one thread.
 */
final class AuditLogScan
{
    /** Where the first problem lies. */
    record Problem(Path file, long offset, long sequence, String message)
    {
        @Override
        public String toString()
        {
            return file.getFileName() + " at offset " + offset + " (record #" + sequence + "): " + message;
        }
    }

    private final List<String> notes = new ArrayList<>();
    private Problem problem;
    private int files;
    private long records;
    private int lastFile = -1;
    private long validEnd;
    private byte[] lastHash = new byte[HASH_LENGTH];
    private long nextSequence;
    private long headTxn = -1;
    private int lastKind;

    private AuditLogScan()
    {
    }

    /**
     * Walks the log.
     *
     * @param auditDir the {@code audit} directory.
     * @param each     told every good record in order; may be null.
     * @return what it found.
     * @throws IOException if a file cannot be read.
     */
    static AuditLogScan walk(final Path auditDir, final Consumer<AuditRecord> each) throws IOException
    {
        final AuditLogScan scan = new AuditLogScan();
        final TreeMap<Integer, Path> files = logFiles(auditDir);
        final MessageDigest sha256 = AuditRecordCodec.sha256();
        int expected = 0;
        for (final var entry : files.entrySet())
        {
            if (entry.getKey() != expected)
            {
                scan.problem = new Problem(auditDir.resolve(AuditLogLayout.fileName(expected)), 0, scan.nextSequence,
                    "file missing (found " + entry.getValue().getFileName() + " next)");
                return scan;
            }
            if (!scan.walkFile(entry.getValue(), expected, sha256, each))
            {
                return scan;
            }
            expected++;
        }
        return scan;
    }

    static TreeMap<Integer, Path> logFiles(final Path auditDir) throws IOException
    {
        final TreeMap<Integer, Path> files = new TreeMap<>();
        if (!Files.isDirectory(auditDir))
        {
            return files;
        }
        try (Stream<Path> list = Files.list(auditDir))
        {
            list.forEach(p ->
            {
                final int number = AuditLogLayout.fileNumber(p.getFileName().toString());
                if (number >= 0)
                {
                    files.put(number, p);
                }
            });
        }
        return files;
    }

    private boolean walkFile(final Path file, final int number, final MessageDigest sha256, final Consumer<AuditRecord> each) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        files++;
        lastFile = number;
        validEnd = 0;
        final String header = headerProblem(bytes, number);
        if (header != null)
        {
            problem = new Problem(file, 0, nextSequence, header);
            return false;
        }
        validEnd = FILE_HEADER_LENGTH;
        int at = FILE_HEADER_LENGTH;
        while (at < bytes.length)
        {
            final String lengths = AuditRecordCodec.problem(bytes, at, bytes.length - at);
            if (lengths != null)
            {
                problem = new Problem(file, at, nextSequence, lengths);
                return false;
            }
            final int length = ByteBuffer.wrap(bytes, at, 4).order(ORDER).getInt();
            final long sequence = ByteBuffer.wrap(bytes, at + SEQUENCE_OFFSET, 8).order(ORDER).getLong();
            if (sequence != nextSequence)
            {
                problem = new Problem(file, at, nextSequence, "sequence number " + sequence + " where " + nextSequence +
                    " belongs: a record was removed, reordered or inserted here, or this record was edited");
                return false;
            }
            final byte[] hash = AuditRecordCodec.hash(bytes, at, length, lastHash, sha256);
            if (!Arrays.equals(hash, 0, HASH_LENGTH, bytes, at + length - HASH_LENGTH, at + length))
            {
                problem = new Problem(file, at, nextSequence, "hash does not match: this record was edited");
                return false;
            }
            final AuditRecord record = AuditRecordCodec.decode(bytes, at, length);
            follow(record);
            if (each != null)
            {
                each.accept(record);
            }
            lastHash = hash;
            nextSequence++;
            records++;
            at += length;
            validEnd = at;
        }
        return true;
    }

    private String headerProblem(final byte[] bytes, final int number)
    {
        if (bytes.length < FILE_HEADER_LENGTH)
        {
            return "truncated header: " + bytes.length + " bytes of " + FILE_HEADER_LENGTH;
        }
        final ByteBuffer header = ByteBuffer.wrap(bytes, 0, FILE_HEADER_LENGTH).order(ORDER);
        if (header.getLong(MAGIC_OFFSET) != MAGIC)
        {
            return "not an audit log file (bad magic)";
        }
        if (header.getInt(VERSION_OFFSET) != VERSION)
        {
            return "audit log version " + header.getInt(VERSION_OFFSET) + ", this build reads " + VERSION;
        }
        if (header.getInt(FILE_NUMBER_OFFSET) != number)
        {
            return "header says file " + header.getInt(FILE_NUMBER_OFFSET) + ", name says " + number;
        }
        if (header.getLong(FIRST_SEQUENCE_OFFSET) != nextSequence)
        {
            return "first sequence number " + header.getLong(FIRST_SEQUENCE_OFFSET) + " where " + nextSequence +
                " belongs: records or files before it were removed";
        }
        if (!Arrays.equals(bytes, PREVIOUS_HASH_OFFSET, PREVIOUS_HASH_OFFSET + HASH_LENGTH, lastHash, 0, HASH_LENGTH))
        {
            return "chain hash in the header differs from the previous file's last record: the previous file was changed or replaced";
        }
        return null;
    }

    private void follow(final AuditRecord record)
    {
        lastKind = record.kindCode();
        if (record.kindCode() == KIND_TAIL_CUT)
        {
            notes.add("record #" + record.sequence() + ": at an open after a crash, " + record.detail());
        }
        else if (record.kindCode() == KIND_ABANDONED)
        {
            if (headTxn > record.txnId())
            {
                notes.add("record #" + record.sequence() + ": commit records above txn " + record.txnId() +
                    " were in flight at a crash and did not happen");
            }
            headTxn = record.txnId();
        }
        else if (record.kindCode() == AuditKind.OPEN.code() || record.kindCode() == AuditKind.COMMIT.code())
        {
            headTxn = record.txnId();
        }
        else if (record.kindCode() == AuditKind.OFFLINE_COMPACTION.code())
        {
            // The compacted copy numbers its transactions afresh: the head is unknown until its next open or commit.
            headTxn = -1;
        }
    }

    /** @return the first problem, or null if every file and record is good. */
    Problem problem()
    {
        return problem;
    }

    /** @return remarks that are no problem: crashes the log recorded. */
    List<String> notes()
    {
        return notes;
    }

    /** @return log files read. */
    int files()
    {
        return files;
    }

    /** @return good records read. */
    long records()
    {
        return records;
    }

    /** @return the last file read (the one with the problem, if any), or -1 if there is none. */
    int lastFile()
    {
        return lastFile;
    }

    /** @return in the last file read, where its good records end. */
    long validEnd()
    {
        return validEnd;
    }

    /** @return the hash of the last good record (zeros if none). */
    byte[] lastHash()
    {
        return lastHash.clone();
    }

    /** @return the sequence number the next record gets. */
    long nextSequence()
    {
        return nextSequence;
    }

    /** @return the store's head as the log tells it (its last open, commit or abandonment), or -1 if it tells none. */
    long headTxn()
    {
        return headTxn;
    }

    /** @return the kind code of the last good record, or 0. */
    int lastKind()
    {
        return lastKind;
    }
}
