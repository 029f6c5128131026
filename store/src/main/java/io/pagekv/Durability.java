package io.pagekv;

/**
 * What a successful commit promises. See {@code docs/durability.md}.
 */
public enum Durability
{
    /**
     * The commit returns after its bytes are forced to the disk (one force per commit): it
     * survives a process crash and a power loss.
     */
    SYNC,

    /**
     * The commit returns after its bytes are written to the operating system, without a force:
     * it survives a process crash; a power loss may lose the newest commits, but never exposes
     * a partial one. Forces happen at checkpoints and at close.
     */
    ASYNC
}
