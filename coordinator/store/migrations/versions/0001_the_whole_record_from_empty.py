"""The whole coordination record, from an empty database

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 14:42:28.256754
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('record_type', sa.String(length=30), nullable=False),
    sa.Column('record_id', sa.String(length=120), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_record', ['record_type', 'record_id'], unique=False)

    op.create_table('component',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('parent', sa.String(length=3), nullable=True),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_component'))
    )
    op.create_table('duplicate_review',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('a', sa.String(length=120), nullable=False),
    sa.Column('b', sa.String(length=120), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('a_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('b_fingerprint', sa.String(length=64), nullable=True),
    sa.Column('merged_record', sa.JSON(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=True),
    sa.CheckConstraint("decision IN ('confirmed', 'dismissed', 'acknowledged')", name=op.f('ck_duplicate_review_decision')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duplicate_review')),
    sa.UniqueConstraint('kind', 'a', 'b', name=op.f('uq_duplicate_review_kind_a_b'))
    )
    op.create_table('exchange_rate',
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('usd_per_unit', sa.Float(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('currency', 'year', name=op.f('pk_exchange_rate'))
    )
    op.create_table('initiative',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('budget_amount', sa.Numeric(precision=18, scale=2, asdecimal=False), nullable=True),
    sa.Column('budget_currency', sa.String(length=3), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('lessons', sa.Text(), nullable=True),
    sa.Column('unmapped_sectors', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'ongoing', 'completed', 'cancelled')", name=op.f('ck_initiative_status')),
    sa.CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name=op.f('ck_initiative_period')),
    sa.CheckConstraint('(budget_amount IS NULL) = (budget_currency IS NULL)', name=op.f('ck_initiative_budget_currency')),
    sa.CheckConstraint('budget_amount IS NULL OR budget_amount >= 0', name=op.f('ck_initiative_budget_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiative'))
    )
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.create_index('ix_initiative_period', ['start', 'end'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiative_updated_at'), ['updated_at'], unique=False)

    op.create_table('record_alias',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('alias', sa.String(length=120), nullable=False),
    sa.Column('target_id', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'alias', name=op.f('pk_record_alias'))
    )
    with op.batch_alter_table('record_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_alias_target_id'), ['target_id'], unique=False)

    op.create_table('region',
    sa.Column('code', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('parent_code', sa.String(length=3), nullable=True),
    sa.ForeignKeyConstraint(['parent_code'], ['region.code'], name=op.f('fk_region_parent_code_region')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_region'))
    )
    op.create_table('country',
    sa.Column('alpha3', sa.String(length=3), nullable=False),
    sa.Column('alpha2', sa.String(length=2), nullable=False),
    sa.Column('numeric', sa.String(length=3), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('un_status', sa.String(length=20), nullable=False),
    sa.Column('region_code', sa.String(length=3), nullable=True),
    sa.Column('subregion_code', sa.String(length=3), nullable=True),
    sa.Column('intermediate_region_code', sa.String(length=3), nullable=True),
    sa.Column('cartagena_party', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['intermediate_region_code'], ['region.code'], name=op.f('fk_country_intermediate_region_code_region')),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_country_region_code_region')),
    sa.ForeignKeyConstraint(['subregion_code'], ['region.code'], name=op.f('fk_country_subregion_code_region')),
    sa.PrimaryKeyConstraint('alpha3', name=op.f('pk_country')),
    sa.UniqueConstraint('alpha2', name=op.f('uq_country_alpha2'))
    )
    with op.batch_alter_table('country', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_country_intermediate_region_code'), ['intermediate_region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_country_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_country_subregion_code'), ['subregion_code'], unique=False)

    op.create_table('initiative_component',
    sa.Column('initiative_id', sa.String(length=120), nullable=False),
    sa.Column('component', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['component'], ['component.code'], name=op.f('fk_initiative_component_component_component')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_component_initiative_id_initiative'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('initiative_id', 'component', name=op.f('pk_initiative_component'))
    )
    with op.batch_alter_table('initiative_component', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_component_component'), ['component'], unique=False)

    op.create_table('initiative_region',
    sa.Column('initiative_id', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_region_initiative_id_initiative'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region'], ['region.code'], name=op.f('fk_initiative_region_region_region')),
    sa.PrimaryKeyConstraint('initiative_id', 'region', name=op.f('pk_initiative_region'))
    )
    with op.batch_alter_table('initiative_region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_region_region'), ['region'], unique=False)

    op.create_table('capacity',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.Column('component', sa.String(length=3), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('can_offer', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("level IN ('basic', 'established', 'advanced')", name=op.f('ck_capacity_level')),
    sa.ForeignKeyConstraint(['component'], ['component.code'], name=op.f('fk_capacity_component_component')),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_capacity_country_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity'))
    )
    with op.batch_alter_table('capacity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_can_offer'), ['can_offer'], unique=False)
        batch_op.create_index(batch_op.f('ix_capacity_component'), ['component'], unique=False)
        batch_op.create_index(batch_op.f('ix_capacity_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_capacity_updated_at'), ['updated_at'], unique=False)

    op.create_table('country_group',
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.Column('group', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_country_group_country_country')),
    sa.PrimaryKeyConstraint('country', 'group', name=op.f('pk_country_group'))
    )
    with op.batch_alter_table('country_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_country_group_group'), ['group'], unique=False)

    op.create_table('initiative_country',
    sa.Column('initiative_id', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_initiative_country_country_country')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_country_initiative_id_initiative'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('initiative_id', 'country', name=op.f('pk_initiative_country'))
    )
    with op.batch_alter_table('initiative_country', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_country_country'), ['country'], unique=False)

    op.create_table('meeting',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('scope', sa.String(length=20), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('host', sa.String(length=3), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('agenda', sa.JSON(), nullable=False),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("scope IN ('region', 'subregion', 'group')", name=op.f('ck_meeting_scope')),
    sa.CheckConstraint("status IN ('proposed', 'scheduled', 'held', 'cancelled')", name=op.f('ck_meeting_status')),
    sa.CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name=op.f('ck_meeting_period')),
    sa.ForeignKeyConstraint(['host'], ['country.alpha3'], name=op.f('fk_meeting_host_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_area'), ['area'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_host'), ['host'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_start'), ['start'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_updated_at'), ['updated_at'], unique=False)

    op.create_table('need',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.Column('component', sa.String(length=3), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('estimated_cost_amount', sa.Numeric(precision=18, scale=2, asdecimal=False), nullable=True),
    sa.Column('estimated_cost_currency', sa.String(length=3), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('confidential', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'partially_met', 'met', 'withdrawn')", name=op.f('ck_need_status')),
    sa.CheckConstraint('"end" IS NULL OR start IS NULL OR "end" >= start', name=op.f('ck_need_period')),
    sa.CheckConstraint('(estimated_cost_amount IS NULL) = (estimated_cost_currency IS NULL)', name=op.f('ck_need_estimated_cost_currency')),
    sa.CheckConstraint('estimated_cost_amount IS NULL OR estimated_cost_amount >= 0', name=op.f('ck_need_estimated_cost_nonneg')),
    sa.CheckConstraint('priority BETWEEN 1 AND 5', name=op.f('ck_need_priority')),
    sa.CheckConstraint('sequence IS NULL OR sequence >= 0', name=op.f('ck_need_sequence')),
    sa.ForeignKeyConstraint(['component'], ['component.code'], name=op.f('fk_need_component_component')),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_need_country_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_need'))
    )
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_need_component'), ['component'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_confidential'), ['confidential'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_country'), ['country'], unique=False)
        batch_op.create_index('ix_need_period', ['start', 'end'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_priority'), ['priority'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_need_updated_at'), ['updated_at'], unique=False)

    op.create_table('profile',
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.Column('focal_point', sa.Boolean(), nullable=False),
    sa.Column('competent_authority', sa.Boolean(), nullable=False),
    sa.Column('framework', sa.String(length=20), nullable=False),
    sa.Column('strategy', sa.Boolean(), nullable=False),
    sa.Column('coordination_mechanism', sa.Boolean(), nullable=False),
    sa.Column('bch_node', sa.Boolean(), nullable=False),
    sa.Column('funding_need_short_amount', sa.Numeric(precision=18, scale=2, asdecimal=False), nullable=True),
    sa.Column('funding_need_short_currency', sa.String(length=3), nullable=True),
    sa.Column('funding_need_long_amount', sa.Numeric(precision=18, scale=2, asdecimal=False), nullable=True),
    sa.Column('funding_need_long_currency', sa.String(length=3), nullable=True),
    sa.Column('updated', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("framework IN ('none', 'drafting', 'adopted', 'operational')", name=op.f('ck_profile_framework')),
    sa.CheckConstraint('(funding_need_long_amount IS NULL) = (funding_need_long_currency IS NULL)', name=op.f('ck_profile_funding_need_long_currency')),
    sa.CheckConstraint('(funding_need_short_amount IS NULL) = (funding_need_short_currency IS NULL)', name=op.f('ck_profile_funding_need_short_currency')),
    sa.CheckConstraint('funding_need_long_amount IS NULL OR funding_need_long_amount >= 0', name=op.f('ck_profile_funding_need_long_nonneg')),
    sa.CheckConstraint('funding_need_short_amount IS NULL OR funding_need_short_amount >= 0', name=op.f('ck_profile_funding_need_short_nonneg')),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_profile_country_country')),
    sa.PrimaryKeyConstraint('country', name=op.f('pk_profile'))
    )
    op.create_table('provider',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('budget_amount', sa.Numeric(precision=18, scale=2, asdecimal=False), nullable=True),
    sa.Column('budget_currency', sa.String(length=3), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('contact', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('gef', 'multilateral', 'other_international', 'bilateral', 'other_stakeholder', 'national', 'expert', 'country')", name=op.f('ck_provider_kind')),
    sa.CheckConstraint('(budget_amount IS NULL) = (budget_currency IS NULL)', name=op.f('ck_provider_budget_currency')),
    sa.CheckConstraint('budget_amount IS NULL OR budget_amount >= 0', name=op.f('ck_provider_budget_nonneg')),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_provider_country_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provider'))
    )
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_provider_updated_at'), ['updated_at'], unique=False)

    op.create_table('initiative_provider',
    sa.Column('initiative_id', sa.String(length=120), nullable=False),
    sa.Column('provider_id', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.CheckConstraint("role IN ('funding', 'implementing', 'extending')", name=op.f('ck_initiative_provider_role')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_initiative_provider_initiative_id_initiative'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_initiative_provider_provider_id_provider')),
    sa.PrimaryKeyConstraint('initiative_id', 'provider_id', 'role', name=op.f('pk_initiative_provider'))
    )
    with op.batch_alter_table('initiative_provider', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiative_provider_provider_id'), ['provider_id'], unique=False)

    op.create_table('meeting_invitee',
    sa.Column('meeting_id', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref', sa.String(length=120), nullable=False),
    sa.CheckConstraint("kind IN ('country', 'provider')", name=op.f('ck_meeting_invitee_kind')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_meeting_invitee_meeting_id_meeting'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'kind', 'ref', name=op.f('pk_meeting_invitee'))
    )
    with op.batch_alter_table('meeting_invitee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_invitee_ref'), ['ref'], unique=False)

    op.create_table('partnership',
    sa.Column('id', sa.String(length=120), nullable=False),
    sa.Column('need_id', sa.String(length=120), nullable=False),
    sa.Column('provider_id', sa.String(length=120), nullable=True),
    sa.Column('initiative_id', sa.String(length=120), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.Column('meeting_id', sa.String(length=120), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("origin IN ('suggestion', 'meeting', 'manual')", name=op.f('ck_partnership_origin')),
    sa.CheckConstraint("status IN ('suggested', 'accepted', 'declined', 'funded', 'completed')", name=op.f('ck_partnership_status')),
    sa.CheckConstraint('provider_id IS NOT NULL OR initiative_id IS NOT NULL', name=op.f('ck_partnership_provider_or_initiative')),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 1)', name=op.f('ck_partnership_score')),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiative.id'], name=op.f('fk_partnership_initiative_id_initiative')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_partnership_meeting_id_meeting')),
    sa.ForeignKeyConstraint(['need_id'], ['need.id'], name=op.f('fk_partnership_need_id_need')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_partnership_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership'))
    )
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_need_id'), ['need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_updated_at'), ['updated_at'], unique=False)

    op.create_table('provider_component',
    sa.Column('provider_id', sa.String(length=120), nullable=False),
    sa.Column('component', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['component'], ['component.code'], name=op.f('fk_provider_component_component_component')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_provider_component_provider_id_provider'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('provider_id', 'component', name=op.f('pk_provider_component'))
    )
    with op.batch_alter_table('provider_component', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_component_component'), ['component'], unique=False)

    op.create_table('provider_country',
    sa.Column('provider_id', sa.String(length=120), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_provider_country_country_country')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_provider_country_provider_id_provider'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('provider_id', 'country', name=op.f('pk_provider_country'))
    )
    with op.batch_alter_table('provider_country', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_country_country'), ['country'], unique=False)

    op.create_table('provider_region',
    sa.Column('provider_id', sa.String(length=120), nullable=False),
    sa.Column('region', sa.String(length=3), nullable=False),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_provider_region_provider_id_provider'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region'], ['region.code'], name=op.f('fk_provider_region_region_region')),
    sa.PrimaryKeyConstraint('provider_id', 'region', name=op.f('pk_provider_region'))
    )
    with op.batch_alter_table('provider_region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provider_region_region'), ['region'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=3), nullable=True),
    sa.Column('provider_id', sa.String(length=120), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('api_token_hash', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("role IN ('secretariat', 'focal_point', 'provider', 'viewer')", name=op.f('ck_user_account_role')),
    sa.ForeignKeyConstraint(['country'], ['country.alpha3'], name=op.f('fk_user_account_country_country')),
    sa.ForeignKeyConstraint(['provider_id'], ['provider.id'], name=op.f('fk_user_account_provider_id_provider')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('api_token_hash', name=op.f('uq_user_account_api_token_hash')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('partnership_event',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('partnership_id', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('by', sa.String(length=200), nullable=True),
    sa.CheckConstraint("status IN ('suggested', 'accepted', 'declined', 'funded', 'completed')", name=op.f('ck_partnership_event_status')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partnership_event_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership_event'))
    )
    with op.batch_alter_table('partnership_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_event_partnership_id'), ['partnership_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('partnership_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_event_partnership_id'))

    op.drop_table('partnership_event')
    op.drop_table('user_account')
    with op.batch_alter_table('provider_region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_region_region'))

    op.drop_table('provider_region')
    with op.batch_alter_table('provider_country', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_country_country'))

    op.drop_table('provider_country')
    with op.batch_alter_table('provider_component', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_component_component'))

    op.drop_table('provider_component')
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_updated_at'))
        batch_op.drop_index(batch_op.f('ix_partnership_status'))
        batch_op.drop_index(batch_op.f('ix_partnership_provider_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_need_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_partnership_initiative_id'))

    op.drop_table('partnership')
    with op.batch_alter_table('meeting_invitee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_invitee_ref'))

    op.drop_table('meeting_invitee')
    with op.batch_alter_table('initiative_provider', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_provider_provider_id'))

    op.drop_table('initiative_provider')
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provider_updated_at'))
        batch_op.drop_index(batch_op.f('ix_provider_kind'))
        batch_op.drop_index(batch_op.f('ix_provider_country'))

    op.drop_table('provider')
    op.drop_table('profile')
    with op.batch_alter_table('need', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_need_updated_at'))
        batch_op.drop_index(batch_op.f('ix_need_status'))
        batch_op.drop_index(batch_op.f('ix_need_priority'))
        batch_op.drop_index('ix_need_period')
        batch_op.drop_index(batch_op.f('ix_need_country'))
        batch_op.drop_index(batch_op.f('ix_need_confidential'))
        batch_op.drop_index(batch_op.f('ix_need_component'))

    op.drop_table('need')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_updated_at'))
        batch_op.drop_index(batch_op.f('ix_meeting_status'))
        batch_op.drop_index(batch_op.f('ix_meeting_start'))
        batch_op.drop_index(batch_op.f('ix_meeting_host'))
        batch_op.drop_index(batch_op.f('ix_meeting_area'))

    op.drop_table('meeting')
    with op.batch_alter_table('initiative_country', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_country_country'))

    op.drop_table('initiative_country')
    with op.batch_alter_table('country_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_country_group_group'))

    op.drop_table('country_group')
    with op.batch_alter_table('capacity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_capacity_updated_at'))
        batch_op.drop_index(batch_op.f('ix_capacity_country'))
        batch_op.drop_index(batch_op.f('ix_capacity_component'))
        batch_op.drop_index(batch_op.f('ix_capacity_can_offer'))

    op.drop_table('capacity')
    with op.batch_alter_table('initiative_region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_region_region'))

    op.drop_table('initiative_region')
    with op.batch_alter_table('initiative_component', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_component_component'))

    op.drop_table('initiative_component')
    with op.batch_alter_table('country', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_country_subregion_code'))
        batch_op.drop_index(batch_op.f('ix_country_region_code'))
        batch_op.drop_index(batch_op.f('ix_country_intermediate_region_code'))

    op.drop_table('country')
    op.drop_table('region')
    with op.batch_alter_table('record_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_alias_target_id'))

    op.drop_table('record_alias')
    with op.batch_alter_table('initiative', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiative_updated_at'))
        batch_op.drop_index(batch_op.f('ix_initiative_status'))
        batch_op.drop_index('ix_initiative_period')

    op.drop_table('initiative')
    op.drop_table('exchange_rate')
    op.drop_table('duplicate_review')
    op.drop_table('component')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_record')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')

