package org.windlass.persistence.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.persistence.OptimisticLockException;
import javax.persistence.RollbackException;

import org.windlass.api.StorageUnavailableException;

/**
 * Runs a unit of work in its own transaction: committed whole or rolled back whole. Optimistic
 * lock conflicts (two members changing the same row) and deadlocks the database broke by rolling
 * this transaction back are retried (5 attempts); a database that cannot be
 * reached becomes {@link StorageUnavailableException}.
 */
final class Txn {

    private static final int ATTEMPTS = 5;

    private Txn() {
    }

    static <T> T run(EntityManagerFactory emf, Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            EntityManager em;
            try {
                em = emf.createEntityManager();
            } catch (RuntimeException e) {
                throw translate(e);
            }
            EntityTransaction tx = em.getTransaction();
            try {
                tx.begin();
                T result = work.apply(em);
                tx.commit();
                return result;
            } catch (OptimisticLockException e) {
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("the change conflicted with concurrent changes " + ATTEMPTS + " times; try again", e);
                }
            } catch (RollbackException e) {
                if (e.getCause() instanceof OptimisticLockException && attempt < ATTEMPTS) {
                    continue;
                }
                if (isDeadlock(e) && attempt < ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                throw translate(e);
            } catch (RuntimeException e) {
                if (isDeadlock(e) && attempt < ATTEMPTS) {
                    // the database chose this transaction as a deadlock's victim and rolled it back: run it again
                    pause(attempt);
                    continue;
                }
                // EclipseLink throws its own DatabaseException, not only PersistenceException
                throw translate(e);
            } finally {
                if (tx.isActive()) {
                    try {
                        tx.rollback();
                    } catch (RuntimeException ignored) {
                        // the connection is gone; nothing was committed
                    }
                }
                em.close();
            }
        }
    }

    /**
     * @return whether the database rolled the transaction back to break a deadlock or a serialization
     * conflict (SQL state 40001, MariaDB error 1213, PostgreSQL 40P01): running it again is safe
     */
    static boolean isDeadlock(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransactionRollbackException) {
                return true;
            }
            if (t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState())
                    || sql.getErrorCode() == 1213)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 20L << Math.min(attempt, 4)));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction after a deadlock", ie);
        }
    }

    static RuntimeException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return unavailable(e);
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return unavailable(e);
            }
            if (t instanceof SQLException sql && sql.getMessage() != null && sql.getMessage().startsWith("Cannot get a connection")) {
                return unavailable(e);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }

    private static StorageUnavailableException unavailable(RuntimeException e) {
        return new StorageUnavailableException("the cluster database cannot be reached: " + SchemaMigrator.rootMessage(e), e);
    }
}
