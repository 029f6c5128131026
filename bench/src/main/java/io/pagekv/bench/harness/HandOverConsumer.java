package io.pagekv.bench.harness;

import io.pagekv.SharedExport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The other process of the hand-over benchmark: receives one value at a time, by export
 * descriptor ({@code D}), over the pipe ({@code P}, length then bytes) or by temporary file
 * ({@code F}, path), checks it as a consumer must (CRC32C of every byte) and answers with the
 * CRC. Ends on {@code Q}.
 */
public final class HandOverConsumer
{
    private static final int CHUNK = 1 << 16;

    private HandOverConsumer()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, CHUNK));
        final DataOutputStream out = new DataOutputStream(System.out);
        final byte[] chunk = new byte[CHUNK];
        while (true)
        {
            final int command = in.read();
            final int crc;
            switch (command)
            {
                case 'D' -> crc = crc(SharedExport.attach(in.readUTF()), chunk);
                case 'F' ->
                {
                    try (FileChannel file = FileChannel.open(Path.of(in.readUTF()), StandardOpenOption.READ))
                    {
                        crc = crc(new UnsafeBuffer(file.map(FileChannel.MapMode.READ_ONLY, 0, file.size())), chunk);
                    }
                }
                case 'P' ->
                {
                    final CRC32C sum = new CRC32C();
                    for (long left = in.readLong(); left > 0; )
                    {
                        final int n = in.read(chunk, 0, (int)Math.min(chunk.length, left));
                        sum.update(chunk, 0, n);
                        left -= n;
                    }
                    crc = (int)sum.getValue();
                }
                default ->
                {
                    return;
                }
            }
            out.writeInt(crc);
            out.flush();
        }
    }

    private static int crc(final DirectBuffer view, final byte[] chunk)
    {
        final CRC32C sum = new CRC32C();
        for (int done = 0; done < view.capacity(); done += chunk.length)
        {
            final int n = Math.min(chunk.length, view.capacity() - done);
            view.getBytes(done, chunk, 0, n);
            sum.update(chunk, 0, n);
        }
        return (int)sum.getValue();
    }
}
