/**
 * The emulator's control API under {@code /_contactd/}, on in dev mode only (404 otherwise, like
 * any unknown route): reset of account data, the cluster's business clock (an offset kept in the
 * database), fault rules for jobs and HTTP (kept in the database, so every node applies them), and
 * this node's request journal. Every route needs a full-access key of the owner account.
 */
package io.contactd.control;
