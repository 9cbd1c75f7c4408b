/**
 * LDAP and Active Directory authentication for JAAS: {@link org.windlass.security.internal.ldap.LdapLoginModule}
 * takes the options of Rundeck's {@code JettyCachingLdapLoginModule}, finds the user with a search, checks the
 * password by binding as the user (or by comparing it with the stored {@code userPassword}) and reads the roles
 * from group entries. Only the JDK's JNDI LDAP provider is used. Its successful-login cache is shared by every
 * instance and safe to use from several threads; a module instance itself serves one login, as JAAS intends.
 */
package org.windlass.security.internal.ldap;
