/**
 * The README's embedding example, compiled: a Java KVM launcher gives its guest jvtpm's TPM from
 * the modules' public APIs (TCG PC Client Platform TPM Profile TIS, TCG PPI 1.3).
 */
package io.jvtpm.examples.embed;
