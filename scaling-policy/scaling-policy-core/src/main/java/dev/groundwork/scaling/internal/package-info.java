/** Implementation details of the scaling evaluators; not exported. */
@NullMarked
package dev.groundwork.scaling.internal;

import org.jspecify.annotations.NullMarked;
