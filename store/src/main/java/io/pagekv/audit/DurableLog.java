package io.pagekv.audit;

import io.pagekv.StoreException;
import io.pagekv.format.AuditLogLayout;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;

import static io.pagekv.format.AuditLogLayout.*;

/**
 * The durable audit log of one store ({@link AuditLogLayout}): a transaction's puts and deletes
 * wait in memory and are written, with its commit record, in one write before the commit's own
 * pages; in {@code SYNC} that write is forced first, so a commit on disk always has its records.
 * Other events are written (and forced in {@code SYNC}) one by one. A commit record whose commit
 * then never reached the disk (a crash between the two forces) is marked by an
 * {@link AuditLogLayout#KIND_ABANDONED} record at the next writable open.
 *
 * <p>When a write or force of the log fails, the log refuses every later write of the store
 * (fail closed: nothing may happen unrecorded). Thread-safe (synchronized): backups and other
 * events come from any thread.
 */
final class DurableLog implements Recorder
{
    private final Path auditDir;
    private final FileIO io;
    private final boolean sync;
    private final long rotateBytes;
    private final MessageDigest sha256 = AuditRecordCodec.sha256();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private StoreFile file;
    private int fileNumber;
    private long position;
    private byte[] lastHash;
    private long nextSequence;
    private StoreException broken;

    private DurableLog(final Path auditDir, final FileIO io, final boolean sync, final long rotateBytes)
    {
        this.auditDir = auditDir;
        this.io = io;
        this.sync = sync;
        this.rotateBytes = rotateBytes;
    }

    /**
     * Opens the log of a store, continuing it: a torn tail of the last file is cut (and the cut
     * recorded), commit records beyond the store's head are marked abandoned.
     *
     * @throws StoreException if the log is damaged before its last file, or cannot be opened.
     */
    static DurableLog open(final Path storeDir, final FileIO io, final boolean sync, final long headTxn, final long rotateBytes)
    {
        final Path auditDir = storeDir.resolve(AuditLogLayout.DIRECTORY);
        final DurableLog log = new DurableLog(auditDir, io, sync, rotateBytes);
        try
        {
            io.createDirectories(auditDir);
            final AuditLogScan scan = AuditLogScan.walk(auditDir, null);
            final AuditLogScan.Problem problem = scan.problem();
            if (scan.lastFile() < 0)
            {
                log.startFile(0, 0, new byte[HASH_LENGTH]);
            }
            else if (problem != null && !(problem.file().equals(auditDir.resolve(AuditLogLayout.fileName(scan.lastFile()))) &&
                scan.validEnd() >= FILE_HEADER_LENGTH && AuditLogScan.logFiles(auditDir).lastKey() == scan.lastFile()))
            {
                // Only a torn end of the last file is a crash's; damage before it is not cut away.
                throw new StoreException("audit log of " + storeDir + " is damaged before its end, " + problem +
                    "; run pagekv audit verify, and move the audit directory aside to start a new log");
            }
            else
            {
                log.continueFile(scan, problem);
            }
            // A rotation a crash cut short left its next file staged, never named.
            io.delete(auditDir.resolve(AuditLogLayout.stagedFileName(log.fileNumber + 1)));
            if (scan.headTxn() > headTxn)
            {
                log.append(AuditRecordCodec.encode(log.nextSequence, KIND_ABANDONED, null, headTxn, System.currentTimeMillis(),
                    "commits above txn " + headTxn + " were not on disk at the crash"), true);
            }
            return log;
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot open the audit log in " + auditDir, ex);
        }
    }

    private void continueFile(final AuditLogScan scan, final AuditLogScan.Problem problem) throws IOException
    {
        fileNumber = scan.lastFile();
        file = io.open(auditDir.resolve(AuditLogLayout.fileName(fileNumber)), false);
        position = scan.validEnd();
        lastHash = scan.lastHash();
        nextSequence = scan.nextSequence();
        if (problem != null)
        {
            final long cut = file.size() - position;
            file.setLength(position);
            file.force();
            append(AuditRecordCodec.encode(nextSequence, KIND_TAIL_CUT, null, scan.headTxn(), System.currentTimeMillis(),
                "cut " + cut + " bytes at offset " + position + " of " + fileName(fileNumber) + " (" + problem.message() + ")"), true);
        }
    }

    private void startFile(final int number, final long firstSequence, final byte[] previousHash) throws IOException
    {
        // Staged under another name and renamed once its header is on disk: a crash never leaves a
        // log file without a whole header (which the next open could not tell from damage).
        final Path path = auditDir.resolve(AuditLogLayout.fileName(number));
        final Path staged = auditDir.resolve(AuditLogLayout.stagedFileName(number));
        io.delete(staged);
        final StoreFile created = io.open(staged, true);
        final ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_LENGTH).order(ORDER);
        header.putLong(MAGIC_OFFSET, MAGIC).putInt(VERSION_OFFSET, VERSION).putInt(FILE_NUMBER_OFFSET, number)
            .putLong(FIRST_SEQUENCE_OFFSET, firstSequence).put(PREVIOUS_HASH_OFFSET, previousHash);
        try
        {
            created.write(0, header);
            created.force();
            io.moveAtomically(staged, path);
            io.forceDirectory(auditDir);
        }
        catch (final IOException ex)
        {
            created.close();
            throw ex;
        }
        if (file != null)
        {
            file.close();
        }
        file = created;
        fileNumber = number;
        position = FILE_HEADER_LENGTH;
        lastHash = previousHash.clone();
        nextSequence = firstSequence;
    }

    @Override
    public synchronized void accepted(final AuditEvent event)
    {
        throwIfBroken();
        final AuditKind kind = event.kind();
        if (kind == AuditKind.PUT || kind == AuditKind.DELETE)
        {
            // Written with the commit: an aborted transaction's writes never happened.
            final byte[] record = AuditRecordCodec.encode(event, 0);
            pending.write(record, 0, record.length);
            return;
        }
        try
        {
            final byte[] record = AuditRecordCodec.encode(event, 0);
            if (kind == AuditKind.COMMIT)
            {
                pending.write(record, 0, record.length);
                final byte[] batch = pending.toByteArray();
                pending.reset();
                append(batch, true);
            }
            else
            {
                // Not part of a transaction (a backup may run on another thread while one is open).
                // A counter update is itself durable only at the next force, and so is its record.
                append(record, kind != AuditKind.COUNTER);
            }
        }
        catch (final IOException ex)
        {
            throw fail("writing the audit record of " + kind + " txn " + event.txnId(), ex);
        }
    }

    /** Seals records (sequence and chain) and writes them in one write, forced in SYNC if {@code force}. */
    private void append(final byte[] batch, final boolean force) throws IOException
    {
        if (position > FILE_HEADER_LENGTH && position + batch.length > rotateBytes)
        {
            startFile(fileNumber + 1, nextSequence, lastHash);
        }
        int at = 0;
        while (at < batch.length)
        {
            final ByteBuffer record = ByteBuffer.wrap(batch, at, batch.length - at).order(ORDER);
            final int length = record.getInt(at + LENGTH_OFFSET);
            record.putLong(at + SEQUENCE_OFFSET, nextSequence++);
            final byte[] hash = AuditRecordCodec.hash(batch, at, length, lastHash, sha256);
            System.arraycopy(hash, 0, batch, at + length - HASH_LENGTH, HASH_LENGTH);
            lastHash = hash;
            at += length;
        }
        file.write(position, ByteBuffer.wrap(batch));
        position += batch.length;
        if (sync && force)
        {
            file.force();
        }
    }

    @Override
    public void vetoed(final AuditEvent event, final AuditVetoException veto)
    {
        // The log records what happened; a vetoed write did not (JFR and the hooks see vetoes).
    }

    @Override
    public synchronized void ended(final long txnId, final boolean committed)
    {
        pending.reset();
    }

    @Override
    public synchronized void close()
    {
        if (file == null)
        {
            return;
        }
        try
        {
            if (broken == null)
            {
                file.force();
            }
            file.close();
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("closing the audit log " + auditDir.resolve(fileName(fileNumber)) + " failed", ex);
        }
        finally
        {
            file = null;
        }
    }

    private void throwIfBroken()
    {
        if (broken != null)
        {
            throw new StoreException("the audit log of " + auditDir.getParent() + " failed earlier, so writes are refused: " +
                broken.getMessage(), broken);
        }
        if (file == null)
        {
            throw new StoreException("the audit log " + auditDir + " is closed");
        }
    }

    private StoreException fail(final String what, final IOException ex)
    {
        pending.reset();
        broken = ErrorMapper.io(what + " in " + auditDir.resolve(fileName(fileNumber)) + " failed; the write is refused", ex);
        return broken;
    }
}
