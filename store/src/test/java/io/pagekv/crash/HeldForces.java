package io.pagekv.crash;

import io.pagekv.InterceptingFileIO;
import io.pagekv.io.FileIO;
import io.pagekv.io.StoreFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * A file seam that holds forces until a test releases them, to play two forces that overlap in a
 * chosen order. Each {@link Hold} picks forces by file name and forcing thread; the first such
 * force says it was entered, and every such force waits until the hold is released (at most 10 s).
 */
final class HeldForces extends InterceptingFileIO
{
    /** Forces of some files by some threads, held until {@link #release}. */
    static final class Hold
    {
        private final BiPredicate<String, Thread> picks;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        private Hold(final BiPredicate<String, Thread> picks)
        {
            this.picks = picks;
        }

        /**
         * @param millis how long to wait.
         * @return whether a force it picks was entered by then.
         */
        boolean awaitEntered(final long millis) throws InterruptedException
        {
            return entered.await(millis, TimeUnit.MILLISECONDS);
        }

        /** Lets every force it holds, and every later one, go on. */
        void release()
        {
            released.countDown();
        }

        private void holdIfPicked(final String name)
        {
            if (!picks.test(name, Thread.currentThread()))
            {
                return;
            }
            entered.countDown();
            try
            {
                released.await(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    HeldForces(final FileIO delegate)
    {
        super(delegate);
    }

    /**
     * @param picks which forces to hold: by the forced file's name and the forcing thread.
     * @return the hold, in force from now on.
     */
    Hold hold(final BiPredicate<String, Thread> picks)
    {
        final Hold hold = new Hold(picks);
        holds.add(hold);
        return hold;
    }

    @Override
    protected boolean intercepts(final Path path)
    {
        return true;
    }

    @Override
    protected void force(final StoreFile file, final Path path) throws IOException
    {
        for (final Hold hold : holds)
        {
            hold.holdIfPicked(path.getFileName().toString());
        }
        file.force();
    }
}
