/**
 * The consistency checker behind {@code Store.verify()}: every reachable page, key order, fill,
 * depth, overflow runs, entry count, the chain of commit records, and the damage recovery worked
 * around. It reports in the public vocabulary of {@code VerifyReport} and {@code VerifyProblem}.
 */
package io.pagekv.check;
