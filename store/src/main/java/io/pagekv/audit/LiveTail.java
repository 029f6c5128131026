package io.pagekv.audit;

import io.pagekv.format.AuditLogLayout;
import io.pagekv.io.ErrorMapper;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.broadcast.BroadcastBufferDescriptor;
import org.agrona.concurrent.broadcast.BroadcastTransmitter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The live feed of one store: each write a hook accepted, once it took effect, as an audit record
 * ({@link AuditRecordCodec}, sequence and hash zero) broadcast through Agrona's
 * {@link BroadcastTransmitter} over the mapped file {@code audit/tail}, which any process can map
 * and follow ({@link AuditTailReader}). A transaction's puts, deletes and commit go out when the
 * commit took effect; an aborted or vetoed one sends nothing. The transmitter overwrites the
 * oldest messages and never waits: a slow or dead tailer cannot block the writer, it loses
 * messages (and knows how many laps it lost).
 *
 * <p>Thread-safe (synchronized).
 */
final class LiveTail implements Recorder
{
    /** Capacity of the broadcast buffer: 1 MiB (a power of two), plus Agrona's trailer. */
    static final int CAPACITY = 1 << 20;
    /** Message type of an audit record. */
    static final int RECORD_TYPE = 1;

    private final BroadcastTransmitter transmitter;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
    private final List<byte[]> pending = new ArrayList<>();

    private LiveTail(final BroadcastTransmitter transmitter)
    {
        this.transmitter = transmitter;
    }

    static LiveTail open(final Path storeDir, final FileIO io)
    {
        final Path auditDir = storeDir.resolve(AuditLogLayout.DIRECTORY);
        final Path path = auditDir.resolve(AuditLogLayout.TAIL_FILE);
        final long length = CAPACITY + BroadcastBufferDescriptor.TRAILER_LENGTH;
        try
        {
            io.createDirectories(auditDir);
            try (StoreFile file = io.open(path, true))
            {
                if (file.size() != length)
                {
                    // A new feed (or one of another size): tailers of an old file see it replaced.
                    file.setLength(0);
                    file.setLength(length);
                }
                // The mapping outlives the channel; the transmitter continues from the file's tail counter.
                return new LiveTail(new BroadcastTransmitter(new UnsafeBuffer(file.mapReadWrite(length))));
            }
        }
        catch (final IOException ex)
        {
            throw ErrorMapper.io("cannot open the live audit tail " + path, ex);
        }
    }

    @Override
    public synchronized void accepted(final AuditEvent event)
    {
        final byte[] record = AuditRecordCodec.encode(event, 0);
        final AuditKind kind = event.kind();
        if (kind == AuditKind.PUT || kind == AuditKind.DELETE || kind == AuditKind.COMMIT)
        {
            pending.add(record);
        }
        else
        {
            send(record);
        }
    }

    @Override
    public void vetoed(final AuditEvent event, final AuditVetoException veto)
    {
        // The feed shows what happened; vetoes go to JFR and the hooks.
    }

    @Override
    public synchronized void ended(final long txnId, final boolean committed)
    {
        if (committed)
        {
            for (final byte[] record : pending)
            {
                send(record);
            }
        }
        pending.clear();
    }

    private void send(final byte[] record)
    {
        if (record.length > transmitter.maxMsgLength())
        {
            // Only a record with context strings of over 100 KiB; the durable log keeps it.
            return;
        }
        message.wrap(record);
        transmitter.transmit(RECORD_TYPE, message, 0, record.length);
    }

    @Override
    public synchronized void close()
    {
        pending.clear();
    }
}
