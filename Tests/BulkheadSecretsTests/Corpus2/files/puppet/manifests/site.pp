node 'mq-01.internal' {
  include profile::base

  class { 'rabbitmq':
    port         => 5672,
    default_user => 'admin',
    default_pass => 'etjQVRRary3FYCJyg5',
    ssl          => true,
  }

  rabbitmq_user { 'billing':
    admin    => false,
    password => lookup('profile::mq::billing_password'),
  }

  rabbitmq_vhost { '/billing':
    ensure => present,
  }
}

node /^web-\d+\.internal$/ {
  include profile::base
  include profile::nginx
}
