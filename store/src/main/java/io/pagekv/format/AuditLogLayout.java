package io.pagekv.format;

import java.nio.ByteOrder;

/**
 * The durable audit log: files {@code audit/audit-NNNNNN.log}, each a header then records, every
 * record hash-chained to the one before it (across files too). Little-endian.
 *
 * <p>File header, 64 bytes:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    magic "PKVAUDIT" (8 bytes)                 |  0
 *  +-------------------------------+-------------------------------+
 *  |          version (u32)        |        file number (u32)      |  8
 *  +-------------------------------+-------------------------------+
 *  |          sequence number of the file's first record (u64)     |  16
 *  +---------------------------------------------------------------+
 *  |   SHA-256 of the record before the file's first one (32 bytes,|  24
 *  |   zeros for file 0)                                           |
 *  +---------------------------------------------------------------+
 *  |                        reserved, zero (u64)                   |  56
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Record, {@link #RECORD_HEADER_LENGTH} bytes, then the variable part, then the hash:
 * <pre>
 *  +-------------------------------+---------------+---------------+
 *  |     record length L (u32)     |  kind (u8)    | reserved (u8) |  0
 *  +---------------+---------------+---------------+---------------+
 *  | key length K (u16)            |                                  6
 *  +---------------------------------------------------------------+
 *  |                     sequence number (u64)                     |  8
 *  +---------------------------------------------------------------+
 *  |                         txn id (u64)                          |  16
 *  +---------------------------------------------------------------+
 *  |                 time, epoch milliseconds (u64)                |  24
 *  +---------------------------------------------------------------+
 *  |                value length (i64, -1 for none)                |  32
 *  +-------------------------------+-------------------------------+
 *  |           puts (u32)          |          deletes (u32)        |  40
 *  +-------------------------------+---------------+---------------+
 *  |           pages (u32)         | principal P   | request id R  |  48 (u16 each)
 *  +---------------+---------------+---------------+---------------+
 *  | attributes A  | detail D      |  K key bytes, P, R, A, D bytes   56 (u16 each), then 60..
 *  +---------------------------------------------------------------+
 *  |   SHA-256 (previous record's hash, bytes 0 .. L-32) (32 bytes)|  L-32
 *  +---------------------------------------------------------------+
 * </pre>
 * Attributes are pairs: u16 name length, name (UTF-8), u16 value length, value (UTF-8).
 */
public final class AuditLogLayout
{
    /** The directory of the audit log inside a store directory. */
    public static final String DIRECTORY = "audit";
    /** Prefix of a log file's name; six decimal digits of its file number and {@link #FILE_SUFFIX} follow. */
    public static final String FILE_PREFIX = "audit-";
    /** Suffix of a log file's name. */
    public static final String FILE_SUFFIX = ".log";
    /** Added to a log file's name while its header is written ({@link #stagedFileName(int)}). */
    public static final String STAGED_SUFFIX = ".new";
    /** The live tail's broadcast buffer inside {@link #DIRECTORY}. */
    public static final String TAIL_FILE = "tail";

    /** The file magic, "PKVAUDIT" in ASCII, read as a little-endian u64. */
    public static final long MAGIC = 0x5449445541564B50L;
    /** The format version of the log. */
    public static final int VERSION = 1;

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of the file number. */
    public static final int FILE_NUMBER_OFFSET = 12;
    /** Offset of the first record's sequence number. */
    public static final int FIRST_SEQUENCE_OFFSET = 16;
    /** Offset of the hash the file's first record chains to. */
    public static final int PREVIOUS_HASH_OFFSET = 24;
    /** Offset of the reserved field. */
    public static final int FILE_RESERVED_OFFSET = 56;
    /** Length of the file header. */
    public static final int FILE_HEADER_LENGTH = 64;

    /** Offset of the record length. */
    public static final int LENGTH_OFFSET = 0;
    /** Offset of the kind. */
    public static final int KIND_OFFSET = 4;
    /** Offset of the reserved byte. */
    public static final int RECORD_RESERVED_OFFSET = 5;
    /** Offset of the key length. */
    public static final int KEY_LENGTH_OFFSET = 6;
    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = 8;
    /** Offset of the txn id. */
    public static final int TXN_OFFSET = 16;
    /** Offset of the time. */
    public static final int TIME_OFFSET = 24;
    /** Offset of the value length. */
    public static final int VALUE_LENGTH_OFFSET = 32;
    /** Offset of the puts. */
    public static final int PUTS_OFFSET = 40;
    /** Offset of the deletes. */
    public static final int DELETES_OFFSET = 44;
    /** Offset of the pages. */
    public static final int PAGES_OFFSET = 48;
    /** Offset of the principal's length. */
    public static final int PRINCIPAL_LENGTH_OFFSET = 52;
    /** Offset of the request id's length. */
    public static final int REQUEST_ID_LENGTH_OFFSET = 54;
    /** Offset of the attributes' length. */
    public static final int ATTRIBUTES_LENGTH_OFFSET = 56;
    /** Offset of the detail's length. */
    public static final int DETAIL_LENGTH_OFFSET = 58;
    /** Length of a record's fixed part; the key starts here. */
    public static final int RECORD_HEADER_LENGTH = 60;
    /** Length of the hash that ends a record. */
    public static final int HASH_LENGTH = 32;

    /** Kind of a record written at open after a crash: commit records after the last open with a txn id above this record's did not happen. */
    public static final int KIND_ABANDONED = 64;
    /** Kind of a record written at open when a torn tail was cut; the detail says where and how much. */
    public static final int KIND_TAIL_CUT = 65;

    /** Largest length of a variable field (u16). */
    public static final int MAX_FIELD_LENGTH = 0xFFFF;

    /** Byte order of every field. */
    public static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    private AuditLogLayout()
    {
    }

    /**
     * @param number a file number.
     * @return its file name.
     */
    public static String fileName(final int number)
    {
        return String.format("%s%06d%s", FILE_PREFIX, number, FILE_SUFFIX);
    }

    /**
     * @param number a file number.
     * @return the name the file is written under until its header is on disk, then renamed to
     *         {@link #fileName(int)}; a crash may leave it behind, and the next rotation to that
     *         number replaces it.
     */
    public static String stagedFileName(final int number)
    {
        return fileName(number) + STAGED_SUFFIX;
    }

    /**
     * @param name a file name.
     * @return its file number, or -1 if it is not a log file's name.
     */
    public static int fileNumber(final String name)
    {
        if (!name.startsWith(FILE_PREFIX) || !name.endsWith(FILE_SUFFIX) ||
            name.length() != FILE_PREFIX.length() + 6 + FILE_SUFFIX.length())
        {
            return -1;
        }
        final String digits = name.substring(FILE_PREFIX.length(), FILE_PREFIX.length() + 6);
        for (int i = 0; i < digits.length(); i++)
        {
            if (!Character.isDigit(digits.charAt(i)))
            {
                return -1;
            }
        }
        return Integer.parseInt(digits);
    }
}
