package io.pagekv.cli;

/**
 * The JVM ran out of heap or of stack while a command ran: an {@link OutOfMemoryError} or a
 * {@link StackOverflowError} turned into one line that says which JVM option gives it more.
 * Exit status {@link ExitCodes#OUT_OF_MEMORY}.
 */
public final class OutOfResourcesException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private OutOfResourcesException(final String message, final Throwable cause)
    {
        super(message, cause);
    }

    /**
     * @param error what the JVM threw; the stack has unwound, so the memory it held is free again.
     * @return the failure to report.
     */
    static OutOfResourcesException of(final VirtualMachineError error)
    {
        if (error instanceof StackOverflowError)
        {
            return new OutOfResourcesException("out of stack space: the input nests too deeply for this JVM's thread stack; " +
                "give it more, for example JAVA_TOOL_OPTIONS=-Xss64m", error);
        }
        return new OutOfResourcesException("out of memory: the data needs more than this JVM's maximum heap of " +
            Units.bytes(Runtime.getRuntime().maxMemory()) + "; give it more, for example JAVA_TOOL_OPTIONS=-Xmx4g", error);
    }
}
