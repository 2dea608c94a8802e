/** The subuser endpoints, {@code /v3/subusers}: the targets of the on-behalf-of header. */
package io.contactd.subusers;
