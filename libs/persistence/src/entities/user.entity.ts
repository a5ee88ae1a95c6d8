import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid', { name: 'tenant_id' }) tenantId: string;
  @Column('text') email: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { name: 'password_hash', select: false, nullable: true }) passwordHash: string | null;
  @Column('text', { array: true }) roles: string[];
  @Column('boolean', { name: 'is_demo' }) isDemo: boolean;
  @Column('integer', { name: 'token_version' }) tokenVersion: number;
  @Column('timestamptz', { name: 'deactivated_at', nullable: true }) deactivatedAt: Date | null;
  @Column('boolean', { name: 'must_change_password' }) mustChangePassword: boolean;
  @Column('text', { name: 'oidc_issuer', nullable: true }) oidcIssuer: string | null;
  @Column('text', { name: 'oidc_subject', nullable: true }) oidcSubject: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
