/**
 * The file-I/O seam: every write, force, create, rename and delete of a store passes here, so tests
 * can inject faults and simulate power loss. Uses only the JDK; every other layer may use it.
 */
package io.pagekv.io;
