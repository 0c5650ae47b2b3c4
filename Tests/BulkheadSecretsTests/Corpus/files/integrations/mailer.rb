# frozen_string_literal: true

ActionMailer::Base.smtp_settings = {
  user_name: 'apikey',
  password: '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',
  domain: 'acme.io',
  address: 'smtp.sendgrid.net',
  port: 587,
  authentication: :plain,
  enable_starttls_auto: true
}

def password_reset_subject
  I18n.t('mailer.password_reset.subject')
end
