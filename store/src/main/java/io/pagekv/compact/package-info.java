/**
 * Space reclamation: which segments hold how much of the live tree ({@link io.pagekv.compact.LiveSegments})
 * and which of them to retire. The moving itself is ordinary commits ({@code WriteTree.relocate});
 * retiring is the segment table's.
 */
package io.pagekv.compact;
