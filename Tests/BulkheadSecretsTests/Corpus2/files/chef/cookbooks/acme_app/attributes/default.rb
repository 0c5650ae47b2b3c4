#
# Cookbook:: acme_app
# Attributes:: default
#
default['acme_app']['user'] = 'acme'
default['acme_app']['group'] = 'acme'
default['acme_app']['release'] = '2024.03.2'
default['acme_app']['secret_key_base'] = data_bag_item('acme_app', 'rails')['secret_key_base']
default['acme_app']['sidekiq']['redis_url'] = 'redis://:ZuuqcwML0sNlOuns5VrXel3A@cache-01.internal:6379/2'
default['acme_app']['datadog']['api_key'] = '5944594a5acd24f77f63165bab1c5154'
default['acme_app']['datadog']['site'] = 'datadoghq.eu'
default['acme_app']['assets']['fingerprint'] = '5a4bfadbd6f6dc16c452'
default['acme_app']['ssl']['cert_path'] = '/etc/ssl/acme/fullchain.pem'
default['acme_app']['ssl']['key_path'] = '/etc/ssl/acme/privkey.pem'
